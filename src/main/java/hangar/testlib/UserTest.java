package hangar.testlib;

import hangar.config.ConfigException;
import hangar.config.IniFiles;
import hangar.host.Shell;
import hangar.results.Keyvals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A test a user adds without Java: a folder in a tests path holding a {@code test.ini} and whatever
 * files its command needs. The folder is copied to a scratch folder on the host and the command
 * runs there:
 *
 * <pre>
 * [test]
 * command = sh measure.sh {size}          # {name} is an argument, quoted as one word
 * timeout = 600                           # seconds; default 3600
 * requires = awk, mytool:mytool-pkg       # commands it needs, each optionally :package
 *
 * [arguments]                             # defaults; a control file overrides them by name
 * size = 64
 *
 * [metrics]                               # name = regex; its first group is the value
 * throughput_mb_per_s = Throughput ([0-9.]+) MB/s
 * </pre>
 *
 * <p>Exit status 0 is GOOD and any other FAIL; each metric is the first group of its regex's last
 * match in the standard output ({@code ^} and {@code $} match at each line), written as {@code
 * <name>{perf}}; a metric that is missing is an ERROR. A missing required command is TEST_NA unless
 * the control file says {@code install: true}.
 */
final class UserTest implements ClientTest {
  static final String DEFINITION = "test.ini";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");
  private static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

  private final Definition definition;
  private final Map<String, Object> values;
  private TestContext.ToolOutput output;

  private UserTest(Definition definition, Map<String, Object> values) {
    this.definition = definition;
    this.values = values;
  }

  /**
   * Reads a test folder's {@code test.ini}.
   *
   * @throws ConfigException naming the file and what is wrong with it
   */
  static Definition read(Path dir) {
    Path file = dir.resolve(DEFINITION);
    Map<String, Map<String, String>> sections = IniFiles.read(file);
    for (String section : sections.keySet()) {
      if (!List.of("test", "arguments", "metrics").contains(section)) {
        throw new ConfigException(
            file + ": unknown section [" + section + "]; use [test], [arguments] and [metrics]");
      }
    }
    Map<String, String> test = sections.getOrDefault("test", Map.of());
    for (String key : test.keySet()) {
      if (!List.of("command", "timeout", "requires", "description").contains(key)) {
        throw new ConfigException(
            file + ": [test] has no key '" + key + "'; it takes command, timeout, requires");
      }
    }
    String command = test.get("command");
    if (command == null || command.isBlank()) {
      throw new ConfigException(file + ": [test] needs a command");
    }
    Map<String, String> arguments = sections.getOrDefault("arguments", Map.of());
    Matcher placeholder = PLACEHOLDER.matcher(command);
    while (placeholder.find()) {
      if (!arguments.containsKey(placeholder.group(1))) {
        throw new ConfigException(
            file
                + ": command uses {"
                + placeholder.group(1)
                + "} but [arguments] gives it no default");
      }
    }
    Duration timeout = DEFAULT_TIMEOUT;
    if (test.containsKey("timeout")) {
      try {
        timeout = Duration.ofSeconds(Long.parseLong(test.get("timeout").strip()));
      } catch (NumberFormatException e) {
        throw new ConfigException(
            file + ": timeout must be a whole number of seconds, was " + test.get("timeout"), e);
      }
      if (timeout.isNegative() || timeout.isZero()) {
        throw new ConfigException(file + ": timeout must be more than 0 seconds");
      }
    }
    List<Requirement> requires = new ArrayList<>();
    for (String word : test.getOrDefault("requires", "").split("[,\\s]+")) {
      if (!word.isBlank()) {
        String[] parts = word.split(":", 2);
        requires.add(new Requirement(parts[0], parts.length == 2 ? parts[1] : parts[0]));
      }
    }
    Map<String, Pattern> metrics = new LinkedHashMap<>();
    sections
        .getOrDefault("metrics", Map.of())
        .forEach(
            (name, regex) -> {
              try {
                Keyvals.checkKey(name);
                Pattern pattern = Pattern.compile(regex, Pattern.MULTILINE);
                if (pattern.matcher("").groupCount() < 1) {
                  throw new ConfigException(
                      file + ": metric " + name + " needs a group in its regex for the value");
                }
                metrics.put(name, pattern);
              } catch (IllegalArgumentException e) {
                // PatternSyntaxException is one too.
                throw new ConfigException(
                    file + ": metric " + name + ": " + firstLine(e.getMessage()), e);
              }
            });
    return new Definition(
        dir.getFileName().toString(), dir, command, timeout, requires, arguments, metrics);
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.lines().findFirst().orElse("");
  }

  /** Builds a run of the test from a control file's arguments over the defaults. */
  static UserTest of(Definition definition, TestArguments arguments) {
    List<String> names = List.copyOf(definition.arguments().keySet());
    arguments.checkOnly(names, names.size());
    Map<String, Object> values = new LinkedHashMap<>(definition.arguments());
    for (int i = 0; i < names.size(); i++) {
      int position = i;
      arguments.find(names.get(i), position).ifPresent(v -> values.put(names.get(position), v));
    }
    return new UserTest(definition, values);
  }

  @Override
  public void setup(TestContext context) throws InterruptedException {
    for (Requirement requirement : definition.requires()) {
      context.requireCommand(requirement.command(), requirement.packageName());
    }
  }

  @Override
  public void run(TestContext context) throws InterruptedException {
    String remote = context.scratchDir() + "/" + definition.name();
    context.send(definition.dir(), remote);
    List<String> executables = executables(definition.dir());
    if (!executables.isEmpty()) {
      List<String> argv = new ArrayList<>(List.of("chmod", "+x", "--"));
      executables.forEach(path -> argv.add(remote + "/" + path));
      context.runTool("chmod", Shell.join(argv), "chmod.out", Duration.ofMinutes(2));
    }
    Matcher placeholder = PLACEHOLDER.matcher(definition.command());
    StringBuilder command = new StringBuilder();
    while (placeholder.find()) {
      String value = String.valueOf(values.get(placeholder.group(1)));
      placeholder.appendReplacement(command, Matcher.quoteReplacement(Shell.quote(value)));
    }
    placeholder.appendTail(command);
    output =
        context.runCapturing(
            "cd " + Shell.quote(remote) + " && " + command,
            definition.name() + ".out",
            definition.timeout());
    context.writeKeyval("exit_status{attr}", output.result().exitStatus());
    if (output.result().timedOut()) {
      throw new TestErrorException(
          "timed out after " + definition.timeout().toSeconds() + " s and was killed");
    }
    if (output.result().exitStatus() != 0) {
      throw new TestFailException(
          "command exited with status "
              + output.result().exitStatus()
              + "; see "
              + context.testName()
              + "/debug/"
              + definition.name()
              + ".out");
    }
  }

  @Override
  public void postprocess(TestContext context) {
    List<String> missing = new ArrayList<>();
    definition
        .metrics()
        .forEach(
            (name, regex) -> {
              Matcher matcher = regex.matcher(output.stdout());
              String value = null;
              while (matcher.find()) {
                value = matcher.group(1);
              }
              if (value == null) {
                missing.add(name + " (" + regex.pattern() + ")");
              } else {
                context.writeKeyval(name + "{perf}", value.strip());
              }
            });
    if (!missing.isEmpty()) {
      throw new TestErrorException(
          "metrics not found in the output: " + String.join(", ", missing));
    }
  }

  private static List<String> executables(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(Files::isExecutable)
          .map(file -> dir.relativize(file).toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /**
   * A command the test needs on the host and the package that brings it.
   *
   * @param command the command
   * @param packageName the package {@code install: true} installs when it is missing
   */
  record Requirement(String command, String packageName) {}

  /**
   * A user's test as its {@code test.ini} defines it.
   *
   * @param name the folder's name, which is the test's name
   * @param dir the folder, copied to the host
   * @param command the shell command, with {@code {argument}} placeholders
   * @param timeout how long the command may run
   * @param requires the commands it needs on the host
   * @param arguments the arguments' defaults, in order
   * @param metrics each metric's regex, in order
   */
  record Definition(
      String name,
      Path dir,
      String command,
      Duration timeout,
      List<Requirement> requires,
      Map<String, String> arguments,
      Map<String, Pattern> metrics) {
    Definition {
      requires = List.copyOf(requires);
      arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
      metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }
  }
}
