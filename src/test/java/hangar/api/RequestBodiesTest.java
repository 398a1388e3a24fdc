package hangar.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RequestBodiesTest {
  private final RequestBodies bodies = new RequestBodies();

  private Json.NewHost read(String json) {
    return bodies.fromJsonString(json, Json.NewHost.class);
  }

  @Test
  void a_valid_body_is_read() {
    Json.NewHost host = read("{\"hostname\": \"board1\", \"labels\": [\"x86\"], \"ssh_port\": 22}");
    assertThat(host.hostname()).isEqualTo("board1");
    assertThat(host.labels()).containsExactly("x86");
    assertThat(host.sshPort()).isEqualTo(22);
  }

  @Test
  void wrong_types_name_the_field_and_the_kind_of_value_without_java_types() {
    assertThatThrownBy(() -> read("{\"ssh_port\": \"22\"}"))
        .isInstanceOf(MalformedBodyException.class)
        .hasMessage("field 'ssh_port' must be a whole number from -2147483648 to 2147483647");
    assertThatThrownBy(() -> read("{\"ssh_port\": 1.5}"))
        .hasMessageStartingWith("field 'ssh_port' must be a whole number");
    assertThatThrownBy(() -> read("{\"ssh_port\": 2147483648}"))
        .hasMessageStartingWith("field 'ssh_port' is out of range: it must be a whole number");
    assertThatThrownBy(() -> read("{\"locked\": \"yes\"}"))
        .hasMessage("field 'locked' must be true or false");
    assertThatThrownBy(() -> read("{\"hostname\": 7}")).hasMessage("field 'hostname' must be text");
    assertThatThrownBy(() -> read("{\"labels\": \"x86\"}"))
        .hasMessage("field 'labels' must be a list");
    assertThatThrownBy(() -> read("[]")).hasMessage("the body must be an object");
  }

  @Test
  void nulls_in_lists_unknown_fields_and_duplicate_keys_are_refused() {
    assertThatThrownBy(() -> read("{\"labels\": [null]}"))
        .hasMessage("field 'labels[0]' must not be null");
    assertThatThrownBy(() -> read("{\"name\": \"x\"}"))
        .hasMessageStartingWith("unknown field 'name'; the fields are console, hostname, labels");
    assertThatThrownBy(() -> read("{\"hostname\": \"a\", \"hostname\": \"b\"}"))
        .hasMessageStartingWith("the body is not valid JSON");
  }

  @Test
  void null_empty_broken_and_trailing_bodies_are_refused() {
    assertThatThrownBy(() -> read("null")).hasMessage("the body is null; send a JSON object");
    assertThatThrownBy(() -> read("")).hasMessage("the request has no body; send a JSON object");
    assertThatThrownBy(() -> read("{\"hostname\": "))
        .hasMessageStartingWith("the body is not valid JSON (line 1, column");
    assertThatThrownBy(() -> read("{} {}"))
        .hasMessage("the body must be one JSON value with nothing after it");
    assertThatThrownBy(() -> read("[".repeat(3000) + "]".repeat(3000)))
        .hasMessage("the body is nested too deeply or holds a number or text too long");
  }

  @Test
  void nul_and_half_surrogate_pairs_are_refused_anywhere_in_the_body() {
    for (String body :
        List.of(
            "{\"hostname\": \"a\\u0000b\"}",
            "{\"labels\": [\"ok\", \"\\ud800\"]}",
            "{\"lock_reason\": \"\\udc00x\"}")) {
      assertThatThrownBy(() -> read(body))
          .as(body)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("holds a NUL character or half of a surrogate pair");
    }
  }

  @Test
  void answers_are_written_as_the_api_always_wrote_them() {
    String json =
        bodies.toJsonString(
            new Json.ErrorJson("t", 400, "BAD_REQUEST", java.util.Map.of()), Json.ErrorJson.class);
    assertThat(json)
        .isEqualTo("{\"title\":\"t\",\"status\":400,\"type\":\"BAD_REQUEST\",\"details\":{}}");
  }
}
