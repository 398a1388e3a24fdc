package hangar.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lab in a box for tests: {@code bin/labbox up DIR} with a prefix and a subnet of the tests' own
 * ({@value #PREFIX}, {@value #NET}.0/24), so it never clashes with a lab started by hand. Its
 * machines are network namespaces on a bridge, each with a real sshd and a private {@code
 * /opt/hangar-lab}: {@code drone1}, {@code drone2}, {@code worker1}, {@code results}, {@code
 * host1}-{@code host3}; {@code master} is this machine's own namespace. {@link #close()} takes it
 * down, and so does a JVM that exits before it. Needs root.
 */
public final class LabBox implements AutoCloseable {
  /** The name prefix of the tests' lab: its bridge, veths and namespaces. */
  public static final String PREFIX = "hlt";

  /** The tests' lab subnet, without its last byte. */
  public static final String NET = "10.78.0";

  private static final Path LABBOX = Path.of("bin/labbox").toAbsolutePath();
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);
  private static final Map<String, Integer> ADDRESSES =
      Map.of(
          "master", 1,
          "drone1", 11,
          "drone2", 12,
          "worker1", 21,
          "results", 31,
          "host1", 41,
          "host2", 42,
          "host3", 43);
  private static final List<String> TOOLS =
      List.of("ip", "unshare", "ssh-keygen", "ssh", "rsync", "/usr/sbin/sshd");

  private final Path dir;
  private final Thread downAtExit;

  private LabBox(Path dir) {
    this.dir = dir;
    this.downAtExit = Thread.ofPlatform().unstarted(this::down);
  }

  /**
   * Why this machine cannot build a lab, if it cannot: not root, or a tool missing.
   *
   * @return the reason, or empty when it can
   */
  public static Optional<String> missingPrerequisites() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return Optional.of(
          "the lab in a box needs root (network namespaces, a bridge, bind mounts); running as "
              + System.getProperty("user.name"));
    }
    List<String> missing = TOOLS.stream().filter(tool -> !isInstalled(tool)).toList();
    return missing.isEmpty()
        ? Optional.empty()
        : Optional.of(
            "the lab in a box needs "
                + missing
                + "; install iproute2, util-linux, openssh-server, openssh-client and rsync");
  }

  /**
   * Builds the lab in {@code dir} with {@code bin/labbox up}.
   *
   * @throws AssertionError with labbox's output if it fails; what it built is taken down first
   */
  public static LabBox up(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    LabBox lab = new LabBox(dir);
    Runtime.getRuntime().addShutdownHook(lab.downAtExit);
    try {
      lab.labbox("up", dir.toString());
    } catch (AssertionError | IOException | RuntimeException e) {
      try {
        lab.close(); // labbox leaves what it built when it fails half-way
      } catch (AssertionError | RuntimeException down) {
        e.addSuppressed(down);
      }
      throw e;
    }
    return lab;
  }

  /** The lab's folder: keys, each machine's folder, {@code global_config.ini}. */
  public Path dir() {
    return dir;
  }

  /** The master's {@code global_config.ini} that {@code labbox up} wrote. */
  public Path config() {
    return dir.resolve("global_config.ini");
  }

  /** A machine's address on the bridge; {@code master} is this machine's. */
  public static String address(String node) {
    Integer last = ADDRESSES.get(node);
    if (last == null) {
      throw new IllegalArgumentException(
          "no machine " + node + " in the lab; there are " + ADDRESSES.keySet());
    }
    return NET + "." + last;
  }

  /** A machine's network namespace. */
  public static String netns(String node) {
    address(node); // checks the name
    return PREFIX + "-" + node;
  }

  /** What a machine sees as its {@code /opt/hangar-lab}, seen from here. */
  public Path root(String node) {
    address(node);
    return dir.resolve(node).resolve("root");
  }

  /**
   * Sets a {@code [SCHEDULER]} key of the master's config that {@code labbox up} wrote.
   *
   * @throws IllegalStateException if labbox did not write that key
   */
  public void setSchedulerKey(String key, String value) throws IOException {
    String text = Files.readString(config(), UTF_8);
    Matcher line = Pattern.compile("(?m)^" + Pattern.quote(key) + ":.*$").matcher(text);
    if (!line.find()) {
      throw new IllegalStateException("bin/labbox wrote no '" + key + "' into " + config());
    }
    Files.writeString(config(), line.replaceFirst(Matcher.quoteReplacement(key + ": " + value)));
  }

  /**
   * Crashes a machine: kills every process in its namespace with SIGKILL (its sshd, a drone daemon
   * and its sessions) and waits until none is left. Its address stays up, so connections to it are
   * refused.
   */
  public void crash(String node) {
    // sshd may fork a child for a new connection meanwhile: kill what is listed until none is.
    Polling.await(
        "every process in " + netns(node) + " to die",
        COMMAND_TIMEOUT,
        Duration.ofMillis(50),
        () -> {
          List<Long> pids = pids(node);
          pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
          return pids.isEmpty() ? Optional.of(true) : Optional.empty();
        });
  }

  /** Starts a machine's sshd again after {@link #crash}, with {@code bin/labbox sshd}. */
  public void restartSshd(String node) throws IOException, InterruptedException {
    labbox("sshd", dir.toString(), node);
  }

  /** Cuts a machine off the bridge: its {@code eth0} goes down. */
  public void cut(String node) throws IOException, InterruptedException {
    run(List.of("ip", "netns", "exec", netns(node), "ip", "link", "set", "eth0", "down"));
  }

  /**
   * Puts a machine back on the bridge after {@link #cut}: {@code eth0} up, and the default route
   * that going down removed.
   */
  public void mend(String node) throws IOException, InterruptedException {
    run(List.of("ip", "netns", "exec", netns(node), "ip", "link", "set", "eth0", "up"));
    run(
        List.of(
            "ip",
            "netns",
            "exec",
            netns(node),
            "ip",
            "route",
            "replace",
            "default",
            "via",
            address("master")));
  }

  /** Takes the lab down with {@code bin/labbox down}: every process in it, its namespaces. */
  @Override
  public void close() {
    down();
    try {
      Runtime.getRuntime().removeShutdownHook(downAtExit);
    } catch (IllegalStateException e) {
      // The JVM is exiting: the hook runs down, which is harmless a second time.
    }
  }

  private void down() {
    try {
      labbox("down", dir.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take the lab in " + dir + " down", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted taking the lab in " + dir + " down", e);
    }
  }

  private List<Long> pids(String node) {
    String listed;
    try {
      listed = run(List.of("ip", "netns", "pids", netns(node)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the processes of " + netns(node), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted listing the processes of " + netns(node), e);
    }
    return listed
        .lines()
        .filter(line -> !line.isBlank())
        .map(l -> Long.parseLong(l.strip()))
        .toList();
  }

  private String labbox(String... args) throws IOException, InterruptedException {
    if (!Files.isExecutable(LABBOX)) {
      throw new IllegalStateException(
          LABBOX + " is missing; run the tests from the project's folder");
    }
    List<String> command = new ArrayList<>(List.of(LABBOX.toString()));
    command.addAll(List.of(args));
    return run(command);
  }

  /** Runs a command with the lab's prefix and subnet, and returns its output. */
  private static String run(List<String> command) throws IOException, InterruptedException {
    // To a file, not a pipe: the sshd daemons labbox starts must not hold this command's output.
    Path output = Files.createTempFile("labbox-", ".out");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      builder.environment().put("HANGAR_LAB_PREFIX", PREFIX);
      builder.environment().put("HANGAR_LAB_NET", NET);
      Process process = builder.start();
      if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(command + " did not end within " + COMMAND_TIMEOUT);
      }
      String out = Files.readString(output, UTF_8);
      if (process.exitValue() != 0) {
        throw new AssertionError(
            command + " failed with status " + process.exitValue() + ": " + out);
      }
      return out;
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static boolean isInstalled(String tool) {
    if (tool.startsWith("/")) {
      return Files.isExecutable(Path.of(tool));
    }
    for (String folder : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, tool))) {
        return true;
      }
    }
    return false;
  }
}
