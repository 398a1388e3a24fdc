package hangar.store;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.config.DatabaseSettings;
import hangar.config.DbType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Threads interrupted while they write to the embedded database (a scheduler stopping its
 * heartbeat, an executor shut down) lose no acknowledged commit: Java closes a file channel when a
 * thread blocked on it is interrupted, and H2 then closed the whole database, taking commits it had
 * acknowledged with it, unless its file is opened through H2's {@code retry:} file system.
 */
class H2InterruptTest {
  private static final DatabaseSettings SETTINGS =
      new DatabaseSettings(DbType.H2, "", 0, "hangar", "hangar", "");
  private static final int WRITERS = 4;
  private static final int WRITES = 750;

  @TempDir Path data;

  @Test
  void interrupted_writers_lose_no_acknowledged_commit() throws Exception {
    Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicLong next = new AtomicLong();
    try (Database database = Database.open(SETTINGS, data)) {
      database.jdbi().useHandle(h -> h.execute("CREATE TABLE probe (id BIGINT PRIMARY KEY)"));
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        writers.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      for (int i = 0; i < WRITES; i++) {
                        long id = next.incrementAndGet();
                        try {
                          database
                              .jdbi()
                              .useTransaction(
                                  h -> h.execute("INSERT INTO probe (id) VALUES (?)", id));
                          acknowledged.add(id);
                        } catch (JdbiException e) {
                          // interrupted before the commit returned: not acknowledged
                        }
                        Thread.interrupted();
                      }
                    }));
      }
      Random random = new Random(7);
      while (writers.stream().anyMatch(Thread::isAlive)) {
        writers.get(random.nextInt(WRITERS)).interrupt();
        Thread.sleep(1);
      }
    }

    try (Database again = Database.open(SETTINGS, data)) {
      List<Long> stored =
          again
              .jdbi()
              .withHandle(h -> h.createQuery("SELECT id FROM probe").mapTo(Long.class).list());
      assertThat(acknowledged)
          .as("most writes went through")
          .hasSizeGreaterThan(WRITERS * WRITES / 2);
      assertThat(stored).as("every acknowledged commit is in the file").containsAll(acknowledged);
    }
  }
}
