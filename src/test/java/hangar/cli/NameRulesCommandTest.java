package hangar.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hangar.lab.Names;
import hangar.testing.CliRunner.Result;
import org.junit.jupiter.api.Test;

/**
 * The CLI checks names by the model's rule before it sends anything, and says what the server would
 * say: a bad name is a usage error (exit 2) with the same words, and no request goes out.
 */
class NameRulesCommandTest extends CliTestSupport {
  private void assertRefusedBeforeSending(Result result, Runnable rule) {
    assertThat(result.exitCode()).isEqualTo(2);
    assertThatThrownBy(rule::run).satisfies(e -> assertThat(result.err()).contains(e.getMessage()));
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void host_create_refuses_a_bad_host_or_label_name() {
    assertRefusedBeforeSending(hangar("host", "create", "board 7"), () -> Names.host("board 7"));
    assertRefusedBeforeSending(
        hangar("host", "create", "board7", "-b", "ok,-bad"), () -> Names.label("-bad"));
  }

  @Test
  void label_group_and_worker_creation_refuse_bad_names() {
    assertRefusedBeforeSending(hangar("label", "create", "x86/64"), () -> Names.label("x86/64"));
    assertRefusedBeforeSending(
        hangar("atomicgroup", "create", "rack\u202e1"), () -> Names.atomicGroup("rack\u202e1"));
    assertRefusedBeforeSending(hangar("drone", "create", "Worker1"), () -> Names.drone("Worker1"));
  }

  @Test
  void job_create_takes_a_name_with_spaces_but_not_one_with_a_tab() {
    assertRefusedBeforeSending(
        hangar("job", "create", "-m", "board1", "-t", "sleeptest", "night\tly"),
        () -> Names.job("night\tly"));

    Result ok = hangar("job", "create", "-m", "board1", "-t", "sleeptest", "nightly build 7");

    assertThat(ok.exitCode()).as(ok.err()).isZero();
    assertThat(server.onlyRequest().json().get("name").asText()).isEqualTo("nightly build 7");
  }

  @Test
  void job_create_refuses_a_bad_machine_or_meta_host_label() {
    Result host = hangar("job", "create", "-m", "board1,bo/ard2", "-t", "sleeptest", "j");
    assertThat(host.exitCode()).isEqualTo(2);
    assertThat(host.err()).contains("host name 'bo/ard2' is not valid");

    Result label = hangar("job", "create", "-m", "2*x/86", "-t", "sleeptest", "j");
    assertThat(label.exitCode()).isEqualTo(2);
    assertThat(label.err()).contains("label name 'x/86' is not valid");
    assertThat(server.requests()).isEmpty();
  }
}
