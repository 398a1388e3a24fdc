package hangar.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hangar.testing.Eventually;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalHostTest {
  @TempDir Path dir;

  private final LocalHost host = LocalHost.create(Clock.system(ZoneId.of("UTC")));

  @Test
  void an_argument_list_reaches_the_program_word_for_word_with_no_shell_in_between()
      throws Exception {
    java.nio.file.Path out = dir.resolve("out");
    java.nio.file.Path marker = dir.resolve("injected");

    CommandResult result =
        host.run(
            java.util.List.of("printf", "%s|", "a b", "it's", "$HOME", "; touch " + marker),
            out,
            dir.resolve("err"),
            java.time.Duration.ofSeconds(30));

    assertThat(result.isSuccess()).isTrue();
    assertThat(out).content().isEqualTo("a b|it's|$HOME|; touch " + marker + "|");
    assertThat(marker).doesNotExist();
  }

  @Test
  void send_and_fetch_copy_files_and_folder_trees() throws Exception {
    java.nio.file.Path tree = java.nio.file.Files.createDirectories(dir.resolve("tree/sub"));
    java.nio.file.Files.writeString(tree.resolve("a.txt"), "a\n");
    try (LocalHost local = LocalHost.create(java.time.Clock.systemUTC())) {
      local.send(dir.resolve("tree"), dir.resolve("sent").toString());
      local.fetch(dir.resolve("sent/sub/a.txt").toString(), dir.resolve("one.txt"));
    }

    assertThat(dir.resolve("sent/sub/a.txt")).content().isEqualTo("a\n");
    assertThat(dir.resolve("one.txt")).content().isEqualTo("a\n");
  }

  @Test
  void runs_the_command_under_sh_and_reports_its_exit_status() throws Exception {
    CommandResult result =
        host.run("echo out; echo err >&2; exit 4", stdout(), stderr(), TestHost.NO_TIMEOUT);

    assertThat(result.exitStatus()).isEqualTo(4);
    assertThat(result.timedOut()).isFalse();
    assertThat(Files.readString(stdout())).isEqualTo("out\n");
    assertThat(Files.readString(stderr())).isEqualTo("err\n");
  }

  @Test
  void output_reaches_the_file_while_the_command_still_runs_and_an_interrupt_kills_it()
      throws Exception {
    CompletableFuture<Throwable> thrown = new CompletableFuture<>();
    Thread runner =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    host.run("echo first; sleep 60", stdout(), stderr(), TestHost.NO_TIMEOUT);
                    thrown.complete(null);
                  } catch (Throwable e) {
                    thrown.complete(e);
                  }
                });

    Eventually.await(
        Duration.ofSeconds(10), "'first' in stdout", () -> read(stdout()).equals("first\n"));
    List<ProcessHandle> tree = ProcessHandle.current().descendants().toList();
    assertThat(tree).anyMatch(LocalHostTest::isSleep60);
    runner.interrupt();

    assertThat(thrown.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    assertThat(tree).noneMatch(p -> isSleep60(p) && p.isAlive());
  }

  @Test
  void a_command_that_ignores_sigterm_is_killed_after_the_grace_period() throws Exception {
    // The background sleep inherits the ignored SIGTERM, so only SIGKILL ends it.
    CommandResult result =
        host.run(
            "trap '' TERM; sleep 60 & echo $!; wait", stdout(), stderr(), Duration.ofMillis(500));

    assertThat(result.timedOut()).isTrue();
    assertThat(result.isSuccess()).isFalse();
    long sleepPid = Long.parseLong(Files.readString(stdout()).strip());
    assertThat(ProcessHandle.of(sleepPid).filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  void rejects_a_zero_timeout() {
    assertThatThrownBy(() -> host.run("true", stdout(), stderr(), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout");
  }

  private Path stdout() {
    return dir.resolve("stdout");
  }

  private Path stderr() {
    return dir.resolve("stderr");
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isSleep60(ProcessHandle process) {
    return process.info().command().orElse("").endsWith("sleep")
        && List.of(process.info().arguments().orElse(new String[0])).contains("60");
  }
}
