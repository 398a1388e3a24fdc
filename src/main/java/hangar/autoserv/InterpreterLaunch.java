package hangar.autoserv;

import hangar.HangarException;
import hangar.PrivateFiles;
import hangar.config.ConfigException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line of a drone's control-file interpreter: this JVM's {@code java} with a bounded
 * heap, an empty environment and an empty private working folder. When the drone runs as root, the
 * interpreter runs as {@link InterpreterSettings#runAs()} through {@code setpriv}, with no
 * capabilities, no supplementary groups and {@code no_new_privs}; the class path it needs is then
 * copied where that user can read it, if it is not readable already (a class path under {@code
 * /root}).
 */
final class InterpreterLaunch {
  /** How much nicer than the drone an interpreter runs ({@code nice -n}). */
  static final int NICENESS = 10;

  private static final Logger LOG = LoggerFactory.getLogger(InterpreterLaunch.class);
  private static final String MAIN = "hangar.autoserv.interpreter.InterpreterMain";
  private static final Set<PosixFilePermission> PUBLIC_DIR =
      PosixFilePermissions.fromString("rwxr-xr-x");
  private static final Set<PosixFilePermission> PUBLIC_FILE =
      PosixFilePermissions.fromString("rw-r--r--");

  /** The class path copied for another user, once per drone. */
  private static String stagedClassPath;

  private InterpreterLaunch() {}

  /**
   * A process builder for a new interpreter, and the working folder made for it (delete it when the
   * process ends).
   *
   * @throws ConfigException if {@code run_as} names no user, or root
   */
  static Launch prepare(InterpreterSettings settings) throws IOException {
    List<String> command = new ArrayList<>();
    String classPath = System.getProperty("java.class.path");
    Path home;
    if (isRoot()) {
      String user = settings.userWhenRoot();
      int[] ids = ids(user);
      if (ids[0] == 0) {
        throw new ConfigException(
            "[AUTOSERV] run_as names '" + user + "', whose uid is 0: name an unprivileged user");
      }
      classPath = stagedClassPath();
      home = Files.createTempDirectory("hangar-interpreter");
      Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
      Files.setAttribute(home, "unix:uid", ids[0]);
      Files.setAttribute(home, "unix:gid", ids[1]);
      command.addAll(
          List.of(
              "setpriv",
              "--reuid=" + ids[0],
              "--regid=" + ids[1],
              "--clear-groups",
              "--inh-caps=-all",
              "--bounding-set=-all",
              "--no-new-privs",
              "--pdeathsig=KILL",
              "--"));
    } else {
      settings
          .runAs()
          .filter(user -> !user.equals(System.getProperty("user.name")))
          .ifPresent(
              user ->
                  LOG.warn(
                      "[AUTOSERV] run_as {} is not used: the drone runs as {}, not root, and the"
                          + " interpreter runs as the drone's user",
                      user,
                      System.getProperty("user.name")));
      home = Files.createTempDirectory("hangar-interpreter", PrivateFiles.folderAttributes());
    }
    // Below the scheduler, the API and the database on a machine they share: fifty control files
    // starting at once wait for them, not they for the control files.
    command.addAll(List.of("nice", "-n", Integer.toString(NICENESS)));
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xmx" + settings.heapMb() + "m",
            // Grow the heap only as control files need it, and give back what they left.
            "-Xms8m",
            "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30",
            "-XX:ReservedCodeCacheSize=64m",
            "-XX:+UseSerialGC",
            "-XX:+ExitOnOutOfMemoryError",
            "-XX:TieredStopAtLevel=1",
            "-XX:-UsePerfData",
            "-Djava.io.tmpdir=" + home,
            "-cp",
            classPath,
            MAIN,
            "--cpu-seconds",
            Integer.toString(settings.cpuSeconds())));
    // Empty when the interpreter ends: gone with the drone even if the drone is killed.
    home.toFile().deleteOnExit();
    ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
    builder.environment().clear();
    builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
    builder.environment().put("HOME", home.toString());
    builder.environment().put("LANG", "C.UTF-8");
    return new Launch(builder, home);
  }

  /**
   * A builder and the interpreter's working folder.
   *
   * @param builder starts the process
   * @param home its working folder and home, 0700, owned by the user it runs as
   */
  record Launch(ProcessBuilder builder, Path home) {}

  static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot tell which user the drone runs as", e);
    }
  }

  /** The uid and gid of {@code user}, from the system's user database. */
  private static int[] ids(String user) throws IOException {
    Process getent = new ProcessBuilder("getent", "passwd", user).redirectErrorStream(true).start();
    String line;
    try (var out = getent.getInputStream()) {
      line = new String(out.readNBytes(4096), StandardCharsets.UTF_8).strip();
    }
    try {
      if (!getent.waitFor(30, TimeUnit.SECONDS)) {
        getent.destroyForcibly();
        throw new HangarException("getent passwd " + user + " did not answer in 30 s");
      }
    } catch (InterruptedException e) {
      getent.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new HangarException("interrupted while looking up user " + user, e);
    }
    String[] fields = line.split(":");
    if (getent.exitValue() != 0 || fields.length < 4) {
      throw new ConfigException(
          "[AUTOSERV] run_as user '"
              + user
              + "' does not exist on this drone: create it (useradd --system "
              + user
              + ") or name another");
    }
    return new int[] {Integer.parseInt(fields[2]), Integer.parseInt(fields[3])};
  }

  /**
   * This JVM's class path where any user can read it: entries that others can read already stay
   * where they are, the rest are copied into a folder of root's (0755, files 0644; they are the
   * distribution's jars and hold no secret). The folder is named after what it holds, so drones
   * with the same class path share one copy; one not owned by root, or writable by others, is not
   * used.
   */
  private static synchronized String stagedClassPath() throws IOException {
    if (stagedClassPath != null) {
      return stagedClassPath;
    }
    List<Path> entries = classPathEntries();
    List<Path> copied = new ArrayList<>();
    MessageDigest digest = sha256();
    for (Path entry : entries) {
      if (Files.exists(entry) && !readableByOthers(entry)) {
        copied.add(entry);
        digest.update(
            (entry + "\0" + Files.size(entry) + "\0" + Files.getLastModifiedTime(entry) + "\n")
                .getBytes(StandardCharsets.UTF_8));
      }
    }
    if (copied.isEmpty()) {
      // Every entry is readable where it is (an installed distribution): nothing to copy.
      stagedClassPath = System.getProperty("java.class.path");
      return stagedClassPath;
    }
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Path stage =
        tmp.resolve("hangar-interpreter-lib-" + HexFormat.of().formatHex(digest.digest(), 0, 12));
    if (!Files.isDirectory(stage, LinkOption.NOFOLLOW_LINKS)) {
      Path fresh = Files.createTempDirectory(tmp, "hangar-interpreter-lib-new");
      Files.setPosixFilePermissions(fresh, PUBLIC_DIR);
      for (int i = 0; i < copied.size(); i++) {
        copyPublic(copied.get(i), fresh.resolve(i + "-" + copied.get(i).getFileName()));
      }
      try {
        Files.move(fresh, stage, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
        // Another drone made it meanwhile; its copy is the same.
        hangar.PrivateFiles.deleteTree(fresh);
      }
    }
    if (((Integer) Files.getAttribute(stage, "unix:uid", LinkOption.NOFOLLOW_LINKS)) != 0
        || !Files.getPosixFilePermissions(stage, LinkOption.NOFOLLOW_LINKS).equals(PUBLIC_DIR)) {
      throw new HangarException(
          stage
              + " is not root's or is writable by others: delete it; the drone copies its class"
              + " path there for the control-file interpreter");
    }
    List<String> path = new ArrayList<>();
    for (Path entry : entries) {
      int index = copied.indexOf(entry);
      path.add(
          index < 0
              ? entry.toString()
              : stage.resolve(index + "-" + entry.getFileName()).toString());
    }
    stagedClassPath = String.join(File.pathSeparator, path);
    return stagedClassPath;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The class path's entries, with those a jar's manifest adds (as a test runner's jar has). */
  private static List<Path> classPathEntries() throws IOException {
    List<Path> entries = new ArrayList<>();
    for (String part : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (part.isBlank()) {
        continue;
      }
      Path entry = Path.of(part).toAbsolutePath();
      entries.add(entry);
      if (Files.isRegularFile(entry) && entry.toString().endsWith(".jar")) {
        try (JarFile jar = new JarFile(entry.toFile())) {
          Manifest manifest = jar.getManifest();
          String more =
              manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
          if (more != null) {
            URI base = entry.toUri();
            for (String item : more.trim().split("\\s+")) {
              entries.add(Path.of(base.resolve(item)));
            }
          }
        }
      }
    }
    return entries;
  }

  private static boolean readableByOthers(Path path) throws IOException {
    Set<PosixFilePermission> own = Files.getPosixFilePermissions(path);
    if (!own.contains(PosixFilePermission.OTHERS_READ)
        || (Files.isDirectory(path) && !own.contains(PosixFilePermission.OTHERS_EXECUTE))) {
      return false;
    }
    for (Path dir = path.getParent(); dir != null; dir = dir.getParent()) {
      if (!Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE)) {
        return false;
      }
    }
    if (Files.isDirectory(path)) {
      // A folder of classes: readable only if everything in it is.
      try (Stream<Path> all = Files.walk(path)) {
        return all.allMatch(
            p -> {
              try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                return perms.contains(PosixFilePermission.OTHERS_READ)
                    && (!Files.isDirectory(p)
                        || perms.contains(PosixFilePermission.OTHERS_EXECUTE));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
      }
    }
    return true;
  }

  private static void copyPublic(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from)) {
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(to, PUBLIC_FILE);
      return;
    }
    try (Stream<Path> all = Files.walk(from)) {
      for (Path source : (Iterable<Path>) all::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
          Files.setPosixFilePermissions(target, PUBLIC_DIR);
        } else {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
          Files.setPosixFilePermissions(target, PUBLIC_FILE);
        }
      }
    }
  }
}
