package hangar.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The parsed {@code global_config.ini}: one record per section Hangar uses, plus the warnings the
 * file caused.
 *
 * @param source the file read, or null for the built-in defaults
 * @param database the {@code [AUTOTEST_WEB]} section
 * @param scheduler the {@code [SCHEDULER]} section
 * @param ssh the {@code [SSH]} section: keys and known hosts for reaching hosts
 * @param autoserv the {@code [AUTOSERV]} section: how sessions run (the tests path)
 * @param server the {@code [SERVER]} section: the address {@code hangar server} listens on, TLS,
 *     anonymous reads
 * @param warnings one line per key or section that was ignored, as {@code file:line: key: reason}
 */
public record GlobalConfig(
    Path source,
    DatabaseSettings database,
    SchedulerSettings scheduler,
    hangar.host.SshSettings ssh,
    AutoservSettings autoserv,
    ServerSettings server,
    List<String> warnings) {

  /** The environment variable naming the file when {@code --config} is not given. */
  public static final String ENV_VARIABLE = "HANGAR_CONFIG";

  /** The file looked for in the working directory when nothing names one. */
  public static final String FILE_NAME = "global_config.ini";

  /**
   * Checks the components and copies the warnings.
   *
   * @throws NullPointerException if a section or {@code warnings} is null
   */
  public GlobalConfig {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(ssh, "ssh");
    Objects.requireNonNull(autoserv, "autoserv");
    Objects.requireNonNull(server, "server");
    warnings = List.copyOf(warnings);
  }

  /** OpenSSH's keys and known hosts for the user this process runs as. */
  static hangar.host.SshSettings defaultSsh() {
    return hangar.host.SshSettings.openSshDefaults(
        Path.of(System.getProperty("user.home", "/root")));
  }

  /**
   * Returns the built-in defaults: H2 in the data directory, one {@code localhost} drone.
   *
   * @return the defaults, with no source and no warnings
   */
  public static GlobalConfig defaults() {
    return new GlobalConfig(
        null,
        DatabaseSettings.defaults(),
        SchedulerSettings.defaults(),
        defaultSsh(),
        AutoservSettings.defaults(),
        ServerSettings.defaults(),
        List.of());
  }

  /**
   * Reads a configuration file. Missing sections and keys keep their defaults.
   *
   * @param file the file to read
   * @return the settings, with a warning for every key or section that was ignored
   * @throws ConfigException if the file cannot be read, or on the first wrong line or value; the
   *     message names file, line and key
   */
  public static GlobalConfig load(Path file) {
    Objects.requireNonNull(file, "file");
    IniFile ini = IniFile.read(file);
    List<String> warnings = new ArrayList<>();
    DatabaseSettings database = DatabaseSettings.defaults();
    SchedulerSettings scheduler = SchedulerSettings.defaults();
    hangar.host.SshSettings ssh = defaultSsh();
    AutoservSettings autoserv = AutoservSettings.defaults();
    ServerSettings server = ServerSettings.defaults();
    for (IniSection section : ini.sections()) {
      switch (section.name()) {
        case DatabaseSection.NAME -> database = DatabaseSection.read(section, warnings);
        case SchedulerSection.NAME -> scheduler = SchedulerSection.read(section, warnings);
        case SshSection.NAME -> ssh = SshSection.read(section, ssh, warnings);
        case AutoservSection.NAME -> autoserv = AutoservSection.read(section, warnings);
        case ServerSection.NAME -> server = ServerSection.read(section, warnings);
        default -> warnings.add(Warnings.unknownSection(file, section));
      }
    }
    return new GlobalConfig(file, database, scheduler, ssh, autoserv, server, warnings);
  }

  /**
   * Finds and reads the configuration: the {@code --config} value, else the file named by {@value
   * #ENV_VARIABLE}, else {@value #FILE_NAME} in the working directory if it exists, else the
   * defaults.
   *
   * @param explicitOrNull the {@code --config} value, or null if not given
   * @return the settings read, or {@link #defaults()} if no file was named or found
   * @throws ConfigException if a named file does not exist, or as {@link #load(Path)} does
   */
  public static GlobalConfig locate(Path explicitOrNull) {
    return locate(explicitOrNull, System.getenv(), Path.of(""));
  }

  /** {@link #locate(Path)} with the environment and working directory given, for tests. */
  static GlobalConfig locate(Path explicitOrNull, Map<String, String> env, Path workingDirectory) {
    if (explicitOrNull != null) {
      return loadNamed(workingDirectory.resolve(explicitOrNull), "--config");
    }
    String fromEnv = env.getOrDefault(ENV_VARIABLE, "");
    if (!fromEnv.isBlank()) {
      return loadNamed(workingDirectory.resolve(fromEnv), ENV_VARIABLE);
    }
    Path local = workingDirectory.resolve(FILE_NAME);
    return Files.exists(local) ? load(local) : defaults();
  }

  private static GlobalConfig loadNamed(Path file, String namedBy) {
    if (!Files.exists(file)) {
      throw new ConfigException(
          file + ": file does not exist (named by " + namedBy + "); check the path");
    }
    return load(file);
  }

  /**
   * Returns the SSH user for a host, set by a {@code <host>_username} key of {@code [SCHEDULER]}
   * such as {@code dumpster_username: offloader}.
   *
   * @param host a host name, in any case
   * @return the user, or empty to connect as the user Hangar runs as
   * @throws NullPointerException if {@code host} is null
   */
  public Optional<String> usernameFor(String host) {
    return scheduler.usernameFor(host);
  }
}
