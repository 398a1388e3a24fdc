package hangar.autoserv.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hangar.autoserv.Autoserv;
import hangar.autoserv.Interpreter;
import hangar.autoserv.InterpreterSettings;
import hangar.autoserv.SessionOutcome;
import hangar.autoserv.SessionSpec;
import hangar.autoserv.Verdict;
import hangar.lab.ControlType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.codehaus.groovy.control.CompilationFailedException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every escape attempt in {@code src/test/resources/sandbox-escapes/}, one file each: its header
 * says what it tries and what must happen. An attempt refused at compile time is compiled and must
 * fail with a refusal naming its line; any other attempt is run for real in a session on this
 * machine (as a drone runs it, in this JVM) and must either stop with a refusal naming its line or
 * end without reaching past the DSL. Either way, afterwards: the canary file it would create does
 * not exist, no process it started is alive, the secret it would read is in no file of its results,
 * and this JVM is still up (an attempt at {@code System.exit} would end the test run).
 *
 * <p>Header lines: {@code // tries: ...}, optionally {@code // kind: server}, and {@code // expect:
 * refused at compile time, line N: TEXT}, {@code // expect: stopped at run time, line N: TEXT} or
 * {@code // expect: harmless}. {@code CANARY} and {@code SECRET_FILE} in the body are replaced by
 * real paths.
 */
class SandboxEscapeCorpusTest {
  private static final Pattern EXPECT =
      Pattern.compile("(refused at compile time|stopped at run time), line (\\d+): (.+)");

  @TempDir Path dir;

  private final Autoserv autoserv = Autoserv.create(Clock.system(ZoneId.of("America/Los_Angeles")));

  /**
   * One attempt.
   *
   * @param file its file name
   * @param tries what it tries, from its header
   * @param server whether it is a server-side control file
   * @param expect what must happen, from its header
   * @param text the control file, placeholders not yet replaced
   */
  record Attempt(String file, String tries, boolean server, String expect, String text) {
    @Override
    public String toString() {
      return file + " (" + tries + ")";
    }
  }

  static Stream<Attempt> attempts() throws IOException, URISyntaxException {
    Path corpus = Path.of(SandboxEscapeCorpusTest.class.getResource("/sandbox-escapes").toURI());
    try (Stream<Path> files = Files.list(corpus)) {
      return files.sorted().map(SandboxEscapeCorpusTest::read).toList().stream();
    }
  }

  private static Attempt read(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      return new Attempt(
          file.getFileName().toString(),
          header(text, "tries").orElseThrow(() -> new AssertionError(file + " has no tries:")),
          header(text, "kind").map("server"::equals).orElse(false),
          header(text, "expect").orElseThrow(() -> new AssertionError(file + " has no expect:")),
          text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static java.util.Optional<String> header(String text, String key) {
    return text.lines()
        .filter(line -> line.startsWith("// " + key + ": "))
        .map(line -> line.substring(key.length() + 5).strip())
        .findFirst();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attempts")
  void each_escape_attempt_is_refused_or_harmless(Attempt attempt) throws Exception {
    Path canary = dir.resolve("canary");
    String secret = "secret-" + UUID.randomUUID();
    Path secretFile = Files.writeString(dir.resolve("admin.token"), secret);
    String text =
        attempt
            .text()
            .replace("CANARY", canary.toString())
            .replace("SECRET_FILE", secretFile.toString());
    Set<ProcessHandle> before = children();

    Matcher expected = EXPECT.matcher(attempt.expect());
    if (expected.matches() && expected.group(1).startsWith("refused")) {
      assertThatThrownBy(() -> compile(text, attempt.server()))
          .isInstanceOf(ControlFileException.class)
          .hasCauseInstanceOf(CompilationFailedException.class)
          .satisfies(e -> assertRefusal(e.getMessage(), expected));
    } else {
      assertThat(compile(text, attempt.server())).as("it compiles").isNotNull();
      Path results = dir.resolve("results");
      SessionOutcome outcome = run(text, attempt.server(), results);
      if (expected.matches()) {
        assertThat(outcome.verdict()).as(outcome.reason()).isEqualTo(Verdict.ERROR);
        assertRefusal(outcome.reason(), expected);
      } else {
        assertThat(attempt.expect()).isEqualTo("harmless");
        assertThat(outcome.verdict()).as(outcome.reason()).isEqualTo(Verdict.GOOD);
      }
      assertThat(filesUnder(results))
          .as("no result holds the secret")
          .noneMatch(file -> contains(file, secret));
    }
    assertThat(canary).as("the canary was not created").doesNotExist();
    assertThat(children()).as("no process started by the attempt lives").isSubsetOf(before);
  }

  /** One of the refusals in {@code message} names the expected line and says the expected text. */
  private static void assertRefusal(String message, Matcher expected) {
    String line = "control file line " + expected.group(2) + ": ";
    assertThat(Arrays.stream(message.split("; (?=control file line )")))
        .as(message)
        .anyMatch(refusal -> refusal.startsWith(line) && refusal.contains(expected.group(3)));
  }

  private static ControlFile compile(String text, boolean server) {
    return Compiles.compile(text, server);
  }

  private SessionOutcome run(String text, boolean server, Path results) {
    return autoserv.run(
        new SessionSpec(
            "s-1",
            7,
            "alice",
            "escape",
            server ? ControlType.SERVER : ControlType.CLIENT,
            text,
            List.of("localhost"),
            results));
  }

  /**
   * The processes under this JVM, but for the control-file interpreter itself: anything an attempt
   * started would be the interpreter's child, and so among them.
   */
  private static Set<ProcessHandle> children() {
    long interpreter = Interpreter.shared(InterpreterSettings.defaults()).pid();
    try (Stream<ProcessHandle> all = ProcessHandle.current().descendants()) {
      return Set.copyOf(
          all.filter(ProcessHandle::isAlive).filter(p -> p.pid() != interpreter).toList());
    }
  }

  private static List<Path> filesUnder(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(Files::isRegularFile).toList();
    }
  }

  private static boolean contains(Path file, String text) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
