package hangar.cli.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hangar.cli.Table;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The text of {@code hangar host list} and {@code stat}, from the API's JSON alone. */
class HostViewTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void a_locked_host_shows_who_locked_it_its_ssh_target_commands_and_recent_work()
      throws Exception {
    JsonNode host =
        JSON.readTree(
            """
            {"hostname": "board1", "status": "Ready", "locked": true, "locked_by": "alice",
             "locked_on": "2026-12-06T10:00:00Z", "lock_reason": "firmware", "protection":
             "NO_PROTECTION", "dirty": false, "labels": ["arm", "rack2"], "ssh_user": "lab",
             "ssh_port": 2222, "power_reset": "pdu reset 3", "console": null,
             "entries": [{"job_id": 7, "status": "Completed", "reason": null,
                          "started_on": "2026-12-06T09:00:00Z",
                          "finished_on": "2026-12-06T09:05:00Z"}],
             "special_tasks": []}
            """);

    String text = detail(host);

    assertThat(text)
        .contains("Locked by", "alice", "Lock reason", "firmware")
        .contains("lab@board1:2222")
        .contains("Power reset", "pdu reset 3")
        .doesNotContain("Console")
        .contains("Recent entries:", "Completed")
        .contains("No recent special tasks.");
    assertThat(text.indexOf("Recent entries:")).isLessThan(text.indexOf("No recent special"));
  }

  @Test
  void an_unlocked_host_without_ssh_settings_or_work_says_so() throws Exception {
    JsonNode host =
        JSON.readTree(
            """
            {"hostname": "board2", "status": "Repair Failed", "locked": false,
             "protection": "NO_PROTECTION", "dirty": true, "labels": [],
             "entries": [], "special_tasks": [{"id": 3, "task": "Repair", "status": "Failed",
             "queue_entry_id": null, "requested_on": "2026-12-06T08:00:00Z",
             "finished_on": "2026-12-06T08:10:00Z", "reason": "no power switch"}]}
            """);

    String text = detail(host);

    assertThat(text)
        .doesNotContain("Locked by", "Lock reason", "SSH")
        .contains("No recent entries.")
        .contains("Recent special tasks:", "Repair", "no power switch");
  }

  @Test
  void a_list_row_has_the_host_status_lock_and_labels() throws Exception {
    Table table = HostView.listTable();
    HostView.addRow(
        table,
        JSON.readTree(
            """
            {"hostname": "board1", "status": "Running", "locked": true, "locked_by": "bob",
             "labels": ["arm", "rack2"]}
            """));
    StringWriter out = new StringWriter();
    table.print(new PrintWriter(out, true));

    assertThat(out.toString().lines().toList())
        .hasSize(2)
        .satisfies(lines -> assertThat(lines.get(0)).contains("Host", "Status", "Locked by"))
        .satisfies(lines -> assertThat(lines.get(1)).contains("board1", "Running", "bob", "arm"));
  }

  private static String detail(JsonNode host) {
    StringWriter out = new StringWriter();
    PrintWriter writer = new PrintWriter(out, true);
    HostView.printDetail(writer, host);
    writer.flush();
    return out.toString();
  }
}
