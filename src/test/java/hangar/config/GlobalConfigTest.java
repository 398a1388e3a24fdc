package hangar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlobalConfigTest {
  @TempDir Path dir;

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  @Test
  void defaults_match_the_documented_values() {
    GlobalConfig config = GlobalConfig.defaults();

    assertThat(config.source()).isNull();
    assertThat(config.warnings()).isEmpty();
    assertThat(config.database())
        .isEqualTo(new DatabaseSettings(DbType.H2, "localhost", 0, "hangar", "hangar", ""));
    SchedulerSettings scheduler = config.scheduler();
    assertThat(scheduler.drones()).containsExactly("localhost");
    assertThat(scheduler.droneInstallationDirectory()).isEqualTo("/usr/local/hangar");
    assertThat(scheduler.resultsHost()).isEqualTo("localhost");
    assertThat(scheduler.resultsHostInstallationDirectory()).isEmpty();
    assertThat(scheduler.archiveHost()).isEmpty();
    assertThat(scheduler.maxProcessesPerDrone()).isEqualTo(1000);
    assertThat(scheduler.maxJobsStartedPerCycle()).isEqualTo(100);
    assertThat(scheduler.maxParseProcesses()).isEqualTo(5);
    assertThat(scheduler.maxTransferProcesses()).isEqualTo(50);
    assertThat(scheduler.secsToWaitForAtomicGroupHosts().toSeconds()).isEqualTo(600);
    assertThat(scheduler.reverifyPeriod()).isEqualTo(Duration.ZERO);
    assertThat(scheduler.tickInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(scheduler.usernames()).isEmpty();
    assertThat(scheduler.cleanInterval()).isEqualTo(Duration.ofMinutes(60));
    assertThat(scheduler.reverifyMaxHostsAtOnce()).isZero();
  }

  @Test
  void the_ssh_section_names_the_keys_and_known_hosts_sessions_use() throws IOException {
    Path file =
        write(
            "global_config.ini",
            """
            [SSH]
            identity_files: /etc/hangar/lab_ed25519, /etc/hangar/lab_rsa
            known_hosts_file: /etc/hangar/known_hosts
            """);

    GlobalConfig config = GlobalConfig.load(file);

    assertThat(config.ssh().identities())
        .containsExactly(Path.of("/etc/hangar/lab_ed25519"), Path.of("/etc/hangar/lab_rsa"));
    assertThat(config.ssh().knownHosts()).isEqualTo(Path.of("/etc/hangar/known_hosts"));
    assertThat(config.ssh().acceptNewHostKey()).isFalse();
    assertThat(GlobalConfig.defaults().ssh().identities())
        .extracting(p -> p.getFileName().toString())
        .containsExactly("id_ed25519", "id_rsa");
  }

  @Test
  void a_relative_key_path_names_file_line_and_key() throws IOException {
    Path file = write("global_config.ini", "[SSH]\nidentity_files: keys/lab\n");

    assertThatThrownBy(() -> GlobalConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file + ":2: identity_files:")
        .hasMessageContaining("must be absolute paths");
  }

  @Test
  void an_empty_file_gives_the_defaults_with_its_source() throws IOException {
    Path file = write("global_config.ini", "# nothing set\n\n");

    GlobalConfig config = GlobalConfig.load(file);

    assertThat(config.source()).isEqualTo(file);
    assertThat(config.database()).isEqualTo(GlobalConfig.defaults().database());
    assertThat(config.scheduler()).isEqualTo(GlobalConfig.defaults().scheduler());
    assertThat(config.warnings()).isEmpty();
  }

  @Test
  void reads_the_results_server_example_with_indented_keys() throws IOException {
    Path file =
        write(
            "global_config.ini",
            """
            [SCHEDULER]
             max_processes_per_drone: 1000
             max_jobs_started_per_cycle: 100
             max_parse_processes: 5
             max_transfer_processes: 50
             drones: localhost
             drone_installation_directory: /usr/local/autotest
             results_host: dumpster
             results_host_installation_directory:
             dumpster_username: offloader
             secs_to_wait_for_atomic_group_hosts: 600
             reverify_period_minutes: 0
            """);

    GlobalConfig config = GlobalConfig.load(file);

    assertThat(config.warnings()).isEmpty();
    SchedulerSettings scheduler = config.scheduler();
    assertThat(scheduler.drones()).containsExactly("localhost");
    assertThat(scheduler.droneInstallationDirectory()).isEqualTo("/usr/local/autotest");
    assertThat(scheduler.resultsHost()).isEqualTo("dumpster");
    assertThat(scheduler.resultsHostInstallationDirectory()).isEmpty();
    assertThat(scheduler.usernames()).containsExactly(Map.entry("dumpster", "offloader"));
    assertThat(config.usernameFor("dumpster")).contains("offloader");
    assertThat(config.usernameFor("localhost")).isEmpty();
  }

  @Test
  void reads_every_key_of_both_sections() throws IOException {
    Path file =
        write(
            "global_config.ini",
            """
            ; a full file
            [AUTOTEST_WEB]
            db_type = postgresql
            host = db.example.org
            port = 6543
            database = lab
            user = hangar_rw
            password = s3cret#;x

            [SCHEDULER]
            drones: localhost, drone1 ,Drone2.example.org
            drone_installation_directory: /opt/hangar
            results_host: dumpster
            results_host_installation_directory: /srv/hangar
            archive_host: attic
            max_processes_per_drone: 7
            max_jobs_started_per_cycle: 8
            max_parse_processes: 9
            max_transfer_processes: 10
            secs_to_wait_for_atomic_group_hosts: 0
            reverify_period_minutes: 30
            tick_pause_sec: 0.25
            clean_interval_minutes: 15
            reverify_max_hosts_at_once: 4
            max_running_jobs: 500
            drone1_username: tester
            """);

    GlobalConfig config = GlobalConfig.load(file);

    assertThat(config.warnings()).isEmpty();
    assertThat(config.database())
        .isEqualTo(
            new DatabaseSettings(
                DbType.POSTGRESQL, "db.example.org", 6543, "lab", "hangar_rw", "s3cret#;x"));
    assertThat(config.scheduler())
        .isEqualTo(
            new SchedulerSettings(
                List.of("localhost", "drone1", "drone2.example.org"),
                "/opt/hangar",
                "dumpster",
                "/srv/hangar",
                "attic",
                7,
                8,
                9,
                10,
                Duration.ZERO,
                Duration.ofMinutes(30),
                Duration.ofMillis(250),
                Map.of("drone1", "tester"),
                Duration.ofMinutes(15),
                4,
                500,
                Map.of(),
                SchedulerSettings.DEFAULT_DRONE_LOST_AFTER));
  }

  @Test
  void mariadb_is_read_as_mysql_and_port_zero_means_the_default_port() throws IOException {
    Path file = write("global_config.ini", "[AUTOTEST_WEB]\ndb_type: MariaDB\nport: 0\n");

    DatabaseSettings database = GlobalConfig.load(file).database();

    assertThat(database.type()).isEqualTo(DbType.MYSQL);
    assertThat(database.portOrDefault()).isEqualTo(3306);
  }

  @Test
  void the_password_is_kept_out_of_to_string() {
    DatabaseSettings settings =
        new DatabaseSettings(DbType.MYSQL, "db", 0, "hangar", "hangar", "hunter2");

    assertThat(settings.toString()).doesNotContain("hunter2").contains("****");
  }

  @Test
  void unknown_keys_and_sections_are_warnings_with_file_and_line() throws IOException {
    Path file =
        write(
            "global_config.ini",
            """
            [TKO]
            host: localhost

            [AUTOTEST_WEB]
            job_timeout_default: 72
            colour: blue
            [SCHEDULER]
            die_on_orphans: False
            max_procs: 3
            [MY_PLUGIN]
            x = 1
            [SERVER]
            hostname: autotest
            """);

    GlobalConfig config = GlobalConfig.load(file);

    assertThat(config.warnings())
        .containsExactly(
            file
                + ":1: [TKO]: Autotest results database section; Hangar keeps results in the"
                + " [AUTOTEST_WEB] database, so its keys are ignored",
            file + ":5: job_timeout_default: Autotest key not used by Hangar, ignored",
            file + ":6: colour: unknown key, ignored",
            file + ":8: die_on_orphans: Autotest key not used by Hangar, ignored",
            file + ":9: max_procs: unknown key, ignored",
            file + ":10: [MY_PLUGIN]: unknown section, its keys are ignored",
            file + ":13: hostname: Autotest key not used by Hangar, ignored");
    assertThat(config.scheduler()).isEqualTo(SchedulerSettings.defaults());
  }

  @Test
  void a_username_for_a_host_the_lab_does_not_use_is_a_warning() throws IOException {
    Path file = write("global_config.ini", "[SCHEDULER]\ndrones: d1\nattic_username: keeper\n");

    GlobalConfig config = GlobalConfig.load(file);

    assertThat(config.warnings())
        .containsExactly(
            file
                + ":3: attic_username: attic is not a drone, the results host or the archive"
                + " host; the user name is not used");
    assertThat(config.usernameFor("attic")).contains("keeper");
  }

  @Test
  void username_lookup_ignores_the_case_of_the_host() throws IOException {
    Path file =
        write("global_config.ini", "[SCHEDULER]\ndrones: Drone1\nDRONE1_username: Build_Bot\n");

    GlobalConfig config = GlobalConfig.load(file);

    assertThat(config.warnings()).isEmpty();
    assertThat(config.usernameFor("drone1")).contains("Build_Bot");
    assertThat(config.usernameFor("DRONE1")).contains("Build_Bot");
    assertThat(config.usernameFor("drone2")).isEmpty();
  }

  @Test
  void a_section_header_given_twice_merges_its_keys() throws IOException {
    Path file =
        write(
            "global_config.ini",
            "[SCHEDULER]\nmax_parse_processes: 2\n[AUTOTEST_WEB]\n[SCHEDULER]\ndrones: d9\n");

    SchedulerSettings scheduler = GlobalConfig.load(file).scheduler();

    assertThat(scheduler.maxParseProcesses()).isEqualTo(2);
    assertThat(scheduler.drones()).containsExactly("d9");
  }

  @Test
  void localhost_is_the_only_host_reached_without_ssh() {
    assertThat(SchedulerSettings.isLocalhost("localhost")).isTrue();
    assertThat(SchedulerSettings.isLocalhost("LocalHost")).isTrue();
    assertThat(SchedulerSettings.isLocalhost("localhost2")).isFalse();
    assertThat(SchedulerSettings.isLocalhost("127.0.0.1")).isFalse();
  }

  @Test
  void locate_prefers_the_explicit_path_over_env_and_working_directory() throws IOException {
    Path explicit = write("explicit.ini", "[SCHEDULER]\ndrones: from-explicit\n");
    write("env.ini", "[SCHEDULER]\ndrones: from-env\n");
    write("global_config.ini", "[SCHEDULER]\ndrones: from-cwd\n");

    GlobalConfig config =
        GlobalConfig.locate(Path.of("explicit.ini"), Map.of("HANGAR_CONFIG", "env.ini"), dir);

    assertThat(config.source()).isEqualTo(explicit);
    assertThat(config.scheduler().drones()).containsExactly("from-explicit");
  }

  @Test
  void locate_uses_the_env_variable_before_the_working_directory() throws IOException {
    Path env = write("env.ini", "[SCHEDULER]\ndrones: from-env\n");
    write("global_config.ini", "[SCHEDULER]\ndrones: from-cwd\n");

    GlobalConfig config = GlobalConfig.locate(null, Map.of("HANGAR_CONFIG", env.toString()), dir);

    assertThat(config.source()).isEqualTo(env);
    assertThat(config.scheduler().drones()).containsExactly("from-env");
  }

  @Test
  void locate_uses_the_working_directory_file_when_nothing_names_one() throws IOException {
    Path local = write("global_config.ini", "[SCHEDULER]\ndrones: from-cwd\n");

    GlobalConfig config = GlobalConfig.locate(null, Map.of("HANGAR_CONFIG", ""), dir);

    assertThat(config.source()).isEqualTo(local);
    assertThat(config.scheduler().drones()).containsExactly("from-cwd");
  }

  @Test
  void locate_falls_back_to_defaults_when_no_file_is_named_or_present() {
    GlobalConfig config = GlobalConfig.locate(null, Map.of(), dir);

    assertThat(config).isEqualTo(GlobalConfig.defaults());
  }

  @Test
  void locate_rejects_an_explicit_path_that_does_not_exist() throws IOException {
    write("global_config.ini", "[SCHEDULER]\n");
    Path missing = dir.resolve("missing.ini");

    assertThatThrownBy(() -> GlobalConfig.locate(missing, Map.of(), dir))
        .isInstanceOf(ConfigException.class)
        .hasMessage(missing + ": file does not exist (named by --config); check the path");
  }

  @Test
  void locate_rejects_an_env_path_that_does_not_exist() throws IOException {
    write("global_config.ini", "[SCHEDULER]\n");
    Path missing = dir.resolve("gone.ini");

    assertThatThrownBy(
            () -> GlobalConfig.locate(null, Map.of("HANGAR_CONFIG", missing.toString()), dir))
        .isInstanceOf(ConfigException.class)
        .hasMessage(missing + ": file does not exist (named by HANGAR_CONFIG); check the path");
  }

  @Test
  void the_example_file_in_the_repository_sets_exactly_the_defaults() {
    GlobalConfig example = GlobalConfig.load(Path.of("global_config.ini.example"));

    assertThat(example.warnings()).isEmpty();
    assertThat(example.database()).isEqualTo(DatabaseSettings.defaults());
    assertThat(example.scheduler()).isEqualTo(SchedulerSettings.defaults());
    assertThat(example.server()).isEqualTo(ServerSettings.defaults());
  }
}
