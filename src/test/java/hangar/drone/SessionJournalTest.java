package hangar.drone;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import hangar.autoserv.SessionOutcome;
import hangar.autoserv.SessionSpec;
import hangar.autoserv.Verdict;
import hangar.lab.ControlType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionJournalTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  @TempDir Path dir;
  private final ObjectMapper json = DroneJson.create();

  @Test
  void what_was_recorded_and_forgotten_survives_a_reopen_in_order() throws IOException {
    try (SessionJournal journal = SessionJournal.open(dir, json)) {
      journal.record(List.of(running("a"), running("b"), running("c")));
      journal.record(List.of(finished("b", Verdict.FAIL)));
      journal.forget(List.of("a", "never-known"));
    }

    try (SessionJournal again = SessionJournal.open(dir, json)) {
      assertThat(again.sessions())
          .extracting(s -> s.state().sessionId(), s -> s.state().running())
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("b", false),
              org.assertj.core.groups.Tuple.tuple("c", true));
      assertThat(again.sessions().get(0).state().outcome().verdict()).isEqualTo(Verdict.FAIL);
      assertThat(again.wasForgotten("a")).isTrue();
      assertThat(again.wasForgotten("b")).isFalse();
    }
    // Opening rewrote the journal with the two forgotten ids and the two remembered sessions.
    assertThat(Files.readAllLines(dir.resolve(SessionJournal.FILE))).hasSize(4);
  }

  @Test
  void a_torn_last_line_is_dropped_and_the_rest_kept() throws IOException {
    try (SessionJournal journal = SessionJournal.open(dir, json)) {
      journal.record(List.of(running("a")));
    }
    Files.writeString(
        dir.resolve(SessionJournal.FILE),
        "{\"session\":{\"spec\":{\"sessio",
        StandardOpenOption.APPEND);

    try (SessionJournal again = SessionJournal.open(dir, json)) {
      assertThat(again.sessions()).extracting(s -> s.spec().sessionId()).containsExactly("a");
    }
    assertThat(Files.readString(dir.resolve(SessionJournal.FILE), UTF_8)).endsWith("\n");
    assertThat(leftAside()).isEmpty();
  }

  @Test
  void an_unreadable_line_is_skipped_and_the_journal_kept_aside_for_a_human() throws IOException {
    try (SessionJournal journal = SessionJournal.open(dir, json)) {
      journal.record(List.of(running("a")));
    }
    Files.writeString(
        dir.resolve(SessionJournal.FILE), "not json at all\n", StandardOpenOption.APPEND);
    try (SessionJournal journal = SessionJournal.open(dir, json)) {
      journal.record(List.of(running("b")));
    }

    try (SessionJournal again = SessionJournal.open(dir, json)) {
      assertThat(again.sessions()).extracting(s -> s.spec().sessionId()).containsExactly("a", "b");
    }
    assertThat(leftAside()).hasSize(1);
    assertThat(Files.readString(leftAside().get(0))).contains("not json at all");
  }

  @Test
  void records_from_many_threads_at_once_are_all_on_disk_when_they_return() throws Exception {
    List<Thread> writers = new ArrayList<>();
    try (SessionJournal journal = SessionJournal.open(dir, json)) {
      for (int t = 0; t < 50; t++) {
        String id = "s" + t;
        writers.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        journal.record(List.of(running(id)));
                        journal.record(List.of(finished(id, Verdict.GOOD)));
                        if (id.endsWith("0")) {
                          journal.forget(List.of(id));
                        }
                      } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                      }
                    }));
      }
      for (Thread w : writers) {
        w.join();
      }
      // What a reader of the file sees now, before any rewrite: all 50, less the 5 forgotten.
      assertThat(Journals.remembered(dir)).hasSize(45);
    }
    try (SessionJournal again = SessionJournal.open(dir, json)) {
      assertThat(again.sessions()).hasSize(45).allMatch(s -> !s.state().running());
    }
  }

  @Test
  void a_journal_that_grows_far_past_what_it_remembers_is_rewritten() throws IOException {
    try (SessionJournal journal = SessionJournal.open(dir, json)) {
      for (int round = 0; round < 250; round++) {
        List<SessionFile> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          batch.add(running("r" + round + "-" + i));
        }
        journal.record(batch);
        journal.forget(batch.stream().map(s -> s.spec().sessionId()).toList());
      }
      journal.record(List.of(running("last")));
      // 50,001 changes were appended; the journal was rewritten on the way, keeping the latest
      // forgotten ids.
      assertThat(Files.readAllLines(dir.resolve(SessionJournal.FILE)).size())
          .isLessThan(4 * (SessionJournal.FORGOTTEN_KEPT + 1) + 1);
      assertThat(Journals.remembered(dir)).containsOnlyKeys("last");
      assertThat(journal.wasForgotten("r249-99")).isTrue();
      assertThat(journal.wasForgotten("r0-0")).as("beyond the forgotten ids kept").isFalse();
    }
  }

  private List<Path> leftAside() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().contains(".unreadable-")).toList();
    }
  }

  private static SessionFile running(String id) {
    return new SessionFile(spec(id), new SessionState(id, true, null, T0, null));
  }

  private static SessionFile finished(String id, Verdict verdict) {
    return new SessionFile(
        spec(id),
        new SessionState(id, false, new SessionOutcome(verdict, ""), T0, T0.plusSeconds(5)));
  }

  private static SessionSpec spec(String id) {
    return new SessionSpec(
        id, 1, "alice", "j", ControlType.CLIENT, "pass", List.of("host1"), Path.of("/tmp/r/" + id));
  }
}
