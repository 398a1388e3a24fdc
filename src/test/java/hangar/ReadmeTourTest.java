package hangar;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import hangar.drone.DroneUnreachableException;
import hangar.drone.LocalDrone;
import hangar.testing.Polling;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's tour runs as written: every line of its {@code ```sh} blocks after "A short tour"
 * ({@link ReadmeTour}), in order, with bash, in a folder laid out as the distribution {@code
 * bin/hangar} runs from ({@code bin/}, {@code lib/}, {@code examples/}, {@code docs/}), against
 * {@code bin/hangar server} started there as a real process on the embedded database, as a reader
 * does in a fresh checkout.
 *
 * <p>What differs from a reader's terminal, and why: the server listens on a free port of 127.0.0.1
 * instead of 8080 (which may be taken here), so the lines run with {@code HANGAR_SERVER} set to it
 * and with {@code http://localhost:8080} in a line rewritten to it (the {@code curl} lines); {@code
 * HOME} (and the JVM's {@code user.home}) is a folder of the test, so {@code hangar login} keeps
 * its token there, and {@code bin/hangar} records its CLI archive under it (docs/cli.md,
 * "Start-up"), as on a reader's first use; the token, server, config and cache variables of the
 * caller are removed; standard input is empty, so a command that would ask on a terminal fails
 * instead of waiting.
 */
class ReadmeTourTest {
  private static final Path README = Path.of("README.md");
  private static final String README_URL = "http://localhost:8080";
  private static final Pattern READY = Pattern.compile("server ready on port (\\d+)");
  private static final Pattern CREATED_JOB =
      Pattern.compile("^Created job (\\d+) ", Pattern.MULTILINE);
  private static final Pattern NAMES_JOB = Pattern.compile("\\bbin/hangar job \\w+ (\\d+)\\b");
  private static final Duration START_UP = Duration.ofSeconds(120);
  // The longest line waits for a job of a few seconds; the bound only ends a hung command.
  private static final Duration LINE_TIMEOUT = Duration.ofMinutes(4);
  private static final List<String> CALLER_VARIABLES =
      List.of(
          "HANGAR_TOKEN",
          "HANGAR_SERVER",
          "HANGAR_CONFIG",
          "HANGAR_CA_FILE",
          "HANGAR_WORKER_TOKEN",
          "HANGAR_JAVA_OPTS",
          "HANGAR_CLI_OPTS",
          "HANGAR_CLI_CACHE",
          "HANGAR_SERVER_CACHE",
          "XDG_CONFIG_HOME",
          "XDG_CACHE_HOME");

  @TempDir Path dir;

  @Test
  void every_line_of_the_tour_runs_in_order_against_a_fresh_server() throws Exception {
    List<ReadmeTour.Line> tour = ReadmeTour.read(README);
    assertThat(tour).as("the sh lines after '%s' in README.md", ReadmeTour.HEADING).isNotEmpty();
    Path checkout = layOutDistribution(dir.resolve("hangar"));
    Path home = Files.createDirectory(dir.resolve("home"));
    Map<String, String> env = environment(home);
    // What recordings killed halfway leave (the next recording of that name removes them).
    Path cache = Files.createDirectories(home.resolve(".cache/hangar"));
    Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwx------"));
    List<Path> leftOvers =
        List.of(
            Files.writeString(cache.resolve("cli-25-1-2-3.aot.4242.tmp"), "half an archive"),
            Files.writeString(cache.resolve("server-21-1-2-3.jsa.4242.tmp.config"), "half"));

    Process server = startServer(checkout, env);
    try {
      String url = "http://localhost:" + awaitPort(server, dir.resolve("server.log"));
      env.put("HANGAR_SERVER", url);
      OptionalLong latestJob = OptionalLong.empty();
      for (ReadmeTour.Line line : tour) {
        checkJobId(line, latestJob);
        String output = run(line, line.command().replace(README_URL, url), checkout, env);
        Matcher created = CREATED_JOB.matcher(output);
        if (created.find()) {
          latestJob = OptionalLong.of(Long.parseLong(created.group(1)));
        }
      }
      // The first CLI command recorded the CLI archive, and the server's first start the roles'
      // archive, in a folder only its user may read, and removed what killed recordings left.
      // The server's recording starts a whole server and its drone, niced, beside the suite.
      for (String name : List.of("cli", "server")) {
        Polling.await(
            "bin/hangar to record its " + name + " archive in " + cache,
            Duration.ofSeconds(300),
            () -> archive(cache, name));
      }
      assertThat(leftOvers).noneMatch(Files::exists);
      assertThat(Files.getPosixFilePermissions(cache))
          .containsExactlyInAnyOrder(
              PosixFilePermission.OWNER_READ,
              PosixFilePermission.OWNER_WRITE,
              PosixFilePermission.OWNER_EXECUTE);
    } finally {
      stop(server);
      try {
        LocalDrone.attach(checkout.resolve("var/drone")).shutdown();
      } catch (DroneUnreachableException e) {
        // the server never started its drone, or it is gone already: nothing to stop
      }
    }
  }

  @Test
  void the_tour_is_the_sh_lines_after_its_heading_with_continued_lines_joined() throws Exception {
    Path readme =
        Files.writeString(
            dir.resolve("README.md"),
            """
            ```sh
            bin/hangar server
            ```
            ## A short tour
            ```sh
            bin/hangar host create localhost   # a comment after a command stays
            # a comment line goes

            bin/hangar job create -m localhost \\
              -f examples/first.control first
            ```
            ```text
            bin/hangar run examples/first.control -m root@board7:2222
            ```
            ```sh
            bin/hangar job watch 1
            ```
            """);

    assertThat(ReadmeTour.read(readme))
        .containsExactly(
            new ReadmeTour.Line(
                6, "bin/hangar host create localhost   # a comment after a command stays"),
            new ReadmeTour.Line(
                9, "bin/hangar job create -m localhost    -f examples/first.control first"),
            new ReadmeTour.Line(16, "bin/hangar job watch 1"));
  }

  /**
   * A line that names a job by id must name the one the tour created last: ids are given in order,
   * so a job created earlier in the README shifts them, and a line would then show the wrong job
   * without failing.
   */
  private static void checkJobId(ReadmeTour.Line line, OptionalLong latestJob) {
    Matcher names = NAMES_JOB.matcher(line.command());
    if (names.find()) {
      long named = Long.parseLong(names.group(1));
      assertThat(latestJob)
          .as(
              "%s names job %d; the tour's last 'job create' made job %s, so the ids in the"
                  + " README are out of step with its job create lines",
              line, named, latestJob.isPresent() ? latestJob.getAsLong() : "(none yet)")
          .hasValue(named);
    }
  }

  /** Runs one line with bash; fails the test with its status and output unless it exits 0. */
  private String run(ReadmeTour.Line line, String command, Path checkout, Map<String, String> env)
      throws IOException, InterruptedException {
    Path output = Files.createTempFile(dir, "line-" + line.number() + "-", ".out");
    ProcessBuilder builder =
        new ProcessBuilder("bash", "-o", "pipefail", "-c", command)
            .directory(checkout.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().clear();
    builder.environment().putAll(env);
    long started = System.nanoTime();
    Process process = builder.start();
    if (!process.waitFor(LINE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      throw new AssertionError(
          line + "\ndid not finish within " + LINE_TIMEOUT + "; its output:\n" + read(output));
    }
    String said = read(output);
    System.out.printf(
        "%s%n%s(%d ms)%n", line, said, Duration.ofNanos(System.nanoTime() - started).toMillis());
    assertThat(process.exitValue())
        .as(
            "%s%nexited with status %d; its output:%n%s%n(the server's log: %s)",
            line, process.exitValue(), said, dir.resolve("server.log"))
        .isZero();
    return said;
  }

  private Process startServer(Path checkout, Map<String, String> env) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder("bin/hangar", "server", "--bind", "127.0.0.1", "--port", "0")
            .directory(checkout.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("server.log").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().clear();
    builder.environment().putAll(env);
    return builder.start();
  }

  private static String awaitPort(Process server, Path log) {
    return Polling.await(
        "'server ready on port N' in " + log,
        START_UP,
        Duration.ofMillis(200),
        () -> {
          Matcher ready = READY.matcher(read(log));
          if (ready.find()) {
            return Optional.of(ready.group(1));
          }
          if (!server.isAlive()) {
            throw new AssertionError(
                "bin/hangar server ended with status " + server.exitValue() + ":\n" + read(log));
          }
          return Optional.empty();
        });
  }

  private static void stop(Process server) throws InterruptedException {
    server.destroy();
    if (!server.waitFor(30, TimeUnit.SECONDS)) {
      server.destroyForcibly().waitFor();
    }
  }

  /** The caller's environment without its Hangar settings, with its home in the test. */
  private static Optional<Path> archive(Path cache, String name) {
    if (!Files.isDirectory(cache)) {
      return Optional.empty();
    }
    try (var files = Files.list(cache)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith(name + "-"))
          .filter(p -> p.toString().endsWith(".aot") || p.toString().endsWith(".jsa"))
          .findFirst();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Map<String, String> environment(Path home) {
    Map<String, String> env = new HashMap<>(System.getenv());
    CALLER_VARIABLES.forEach(env::remove);
    env.put("HOME", home.toString());
    // Java takes its home from the password database, not from HOME: say it twice.
    env.put("HANGAR_JAVA_OPTS", "-Duser.home=" + home);
    // bin/hangar runs the JDK this test runs on.
    env.put("JAVA_HOME", System.getProperty("java.home"));
    return env;
  }

  /**
   * The distribution's layout in {@code folder}: {@code bin/hangar} and {@code bin/java-env.sh},
   * {@code examples/}, {@code docs/} and {@code README.md} of this checkout, and {@code lib/} with
   * {@code hangar.jar} made from the compiled classes and the jars of this test's class path (a few
   * test libraries among them, which nothing loads).
   */
  private static Path layOutDistribution(Path folder) throws IOException {
    Path bin = Files.createDirectories(folder.resolve("bin"));
    for (String script : List.of("hangar", "java-env.sh")) {
      Files.copy(Path.of("bin", script), bin.resolve(script));
      Files.setPosixFilePermissions(
          bin.resolve(script), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    copyTree(Path.of("examples"), folder.resolve("examples"));
    copyTree(Path.of("docs"), folder.resolve("docs"));
    Files.copy(README, folder.resolve("README.md"));
    Path lib = Files.createDirectories(folder.resolve("lib"));
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (Files.isDirectory(path) && Files.exists(path.resolve("hangar/Main.class"))) {
        jar(path, lib.resolve("hangar.jar"));
      } else if (entry.endsWith(".jar") && Files.isRegularFile(path)) {
        try {
          Files.copy(path, lib.resolve(path.getFileName()));
        } catch (FileAlreadyExistsException e) {
          // two class path entries with one file name: the first one wins, as on the class path
        }
      }
    }
    assertThat(lib.resolve("hangar.jar")).as("the compiled classes on the class path").exists();
    return folder;
  }

  private static void jar(Path classes, Path jar) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file);
        Stream<Path> files = Files.walk(classes)) {
      // Folders get entries too, as in a jar Maven makes: Flyway finds migrations through them.
      for (Path path : files.filter(p -> !p.equals(classes)).sorted().toList()) {
        String name = classes.relativize(path).toString();
        boolean folder = Files.isDirectory(path);
        out.putNextEntry(new JarEntry(folder ? name + "/" : name));
        if (!folder) {
          Files.copy(path, out);
        }
        out.closeEntry();
      }
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.sorted().toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
