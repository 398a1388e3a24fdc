package hangar.drone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * A frame is read strictly: each kind of frame with an unknown field, a missing one, or one of
 * another type is refused with a message naming the field.
 */
class WorkerFramesTest {
  private static final String HELLO =
      "{\"hello\":{\"name\":\"w1\",\"version\":\"1\",\"results_root\":\"/srv/w1\","
          + "\"heartbeat_millis\":1000%s}%s}";

  private static void refused(String frame, String because) {
    assertThatThrownBy(() -> WorkerFrames.parse(frame))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(because);
  }

  @Test
  void each_frame_as_documented_is_read() {
    assertThat(WorkerFrames.parse(HELLO.formatted("", "")))
        .isEqualTo(new WorkerFrame.HelloFrame(new WorkerFrame.Hello("w1", "1", "/srv/w1", 1000)));
    assertThat(WorkerFrames.parse("{\"heartbeat\":5}"))
        .isEqualTo(new WorkerFrame.HeartbeatFrame(5));
    assertThat(WorkerFrames.parse("{\"seq\":7,\"request\":\"{}\"}"))
        .isEqualTo(new WorkerFrame.RequestFrame(7, "{}"));
    assertThat(WorkerFrames.parse("{\"reply\":\"{}\",\"seq\":7}"))
        .isEqualTo(new WorkerFrame.ReplyFrame(7, "{}"));
  }

  @Test
  void a_written_frame_reads_back_as_itself() {
    for (WorkerFrame frame :
        new WorkerFrame[] {
          new WorkerFrame.HelloFrame(new WorkerFrame.Hello("w1", "1", "/srv/w1", 1000)),
          new WorkerFrame.HeartbeatFrame(Long.MAX_VALUE),
          new WorkerFrame.RequestFrame(Long.MIN_VALUE, "{\"op\":\"ping\"}"),
          new WorkerFrame.ReplyFrame(0, "")
        }) {
      assertThat(WorkerFrames.parse(WorkerFrames.write(frame))).isEqualTo(frame);
    }
  }

  @Test
  void the_camel_case_hello_of_older_workers_is_read_but_not_both_spellings() {
    assertThat(
            WorkerFrames.parse(
                "{\"hello\":{\"name\":\"w1\",\"version\":\"1\",\"resultsRoot\":\"/r\","
                    + "\"heartbeatMillis\":9}}"))
        .isEqualTo(new WorkerFrame.HelloFrame(new WorkerFrame.Hello("w1", "1", "/r", 9)));
    refused(
        HELLO.formatted(",\"resultsRoot\":\"/other\"", ""),
        "field 'hello.results_root' is given twice, as results_root and resultsRoot");
  }

  @Test
  void an_unknown_field_is_refused_in_each_kind_of_frame() {
    refused(HELLO.formatted("", ",\"color\":1"), "unknown field 'color'; a hello takes hello");
    refused(
        HELLO.formatted(",\"color\":1", ""),
        "unknown field 'hello.color'; a hello takes name, version, results_root, resultsRoot");
    refused("{\"heartbeat\":5,\"seq\":1}", "unknown field 'seq'; a heartbeat takes heartbeat");
    refused("{\"seq\":1,\"request\":\"x\",\"why\":\"\"}", "unknown field 'why'; a request");
    refused("{\"seq\":1,\"reply\":\"x\",\"\\u0000evil\\n\":0}", "unknown field '?evil?'");
  }

  @Test
  void a_missing_field_is_refused_in_each_kind_of_frame() {
    refused(
        "{\"hello\":{\"name\":\"w1\",\"version\":\"1\",\"heartbeat_millis\":1000}}",
        "field 'hello.results_root' is missing from the hello");
    refused("{\"request\":\"x\"}", "field 'seq' is missing from the request");
    refused("{\"reply\":\"x\"}", "field 'seq' is missing from the reply");
    refused("{\"seq\":3}", "a frame holds exactly one of hello, heartbeat, request, reply");
    refused("{}", "this one held no field");
  }

  @Test
  void a_value_of_another_type_is_refused_in_each_kind_of_frame() {
    refused(
        HELLO.replace("1000", "\"1000\"").formatted("", ""),
        "field 'hello.heartbeat_millis' must be a whole number");
    refused(HELLO.replace("1000", "1.5").formatted("", ""), "was a fraction");
    refused(HELLO.replace("\"1\"", "1").formatted("", ""), "field 'hello.version' must be text");
    refused("{\"hello\":\"w1\"}", "field 'hello' must be an object, was text");
    refused("{\"heartbeat\":null}", "field 'heartbeat' must be a whole number");
    refused("{\"heartbeat\":{\"at\":5}}", "field 'heartbeat' must be a whole number");
    refused("{\"heartbeat\":99999999999999999999999}", "was a number out of range");
    refused("{\"heartbeat\":1e400}", "field 'heartbeat' must be a whole number");
    refused("{\"seq\":\"1\",\"request\":\"x\"}", "field 'seq' must be a whole number");
    refused("{\"seq\":1,\"request\":[\"x\"]}", "field 'request' must be text, was a list");
    refused("{\"seq\":1,\"reply\":{\"ok\":true}}", "field 'reply' must be text, was an object");
    refused("{\"seq\":1,\"reply\":\"\\u0000\"}", "field 'reply' must be text without NUL");
  }

  @Test
  void a_hello_out_of_bounds_is_refused_naming_the_field() {
    refused(HELLO.replace("1000", "0").formatted("", ""), "field 'hello.heartbeat_millis'");
    refused(
        HELLO.replace("1000", "9223372036854775807").formatted("", ""),
        "'hello.heartbeat_millis' must be from 1 to 86400000");
    refused(HELLO.replace("/srv/w1", "srv").formatted("", ""), "field 'hello.results_root'");
    refused(HELLO.replace("\"w1\"", "\" \"").formatted("", ""), "field 'hello.name'");
  }

  @Test
  void what_is_not_one_json_object_is_refused() {
    refused("", "a frame must be one JSON object");
    refused("null", "a frame must be one JSON object");
    refused("[{\"heartbeat\":1}]", "a frame must be one JSON object");
    refused("{\"heartbeat\":1}{\"heartbeat\":2}", "a frame must be JSON");
    refused("{\"heartbeat\":1,\"heartbeat\":2}", "a frame must be JSON: Duplicate field");
    refused("{\"heartbeat\":1,\"reply\":\"x\"}", "this one held heartbeat and reply");
    refused("{\"heartbeat\":", "a frame must be JSON");
  }
}
