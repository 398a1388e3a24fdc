package hangar.bench;

import hangar.config.DatabaseSettings;
import hangar.config.DbType;
import hangar.store.Database;
import hangar.testing.DataDisk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The embedded database on a disk that fills and empties, round after round: writers insert rows
 * (and update others, so that the file has free space inside) while the disk is filled to the last
 * byte, held full, and freed; after each round every row whose insert was acknowledged must be
 * there. Run it with {@code bin/benchmark h2-disk-full [--rounds N] [--plain]}: {@code --plain}
 * opens the file with H2's own URL instead of Hangar's ({@code store.H2FileRecovery}), to see what
 * H2 alone loses. Needs root (a tmpfs). Prints a line per round and a {@code RESULT} line.
 */
public final class H2DiskFullBenchmark {
  private static final DatabaseSettings SETTINGS =
      new DatabaseSettings(DbType.H2, "", 0, "hangar", "hangar", "");
  private static final int DISK_MB = 2048;
  private static final int WRITERS = 4;
  private static final long ROOM_TO_OPEN = 16L << 20;

  private final Path data;
  private final boolean plain;
  private final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
  private final AtomicLong ids = new AtomicLong();
  private volatile boolean stop;
  private final AtomicLong refused = new AtomicLong();
  private Database database;
  private Jdbi opener;

  private H2DiskFullBenchmark(Path data, boolean plain) {
    this.data = data;
    this.plain = plain;
  }

  /** Entry point; arguments as the class comment says. Exits 1 when an acknowledged row is lost. */
  public static void main(String[] args) throws Exception {
    int rounds = 60;
    boolean plain = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--plain" -> plain = true;
        default ->
            throw new IllegalArgumentException(
                "unknown option " + args[i] + "; use --rounds N and --plain");
      }
    }
    Path dir = Files.createTempDirectory("hangar-h2-disk-full-");
    long lost;
    try (DataDisk disk = DataDisk.mount(dir.resolve("disk"), DISK_MB)) {
      lost = new H2DiskFullBenchmark(disk.root().resolve("var"), plain).run(disk, rounds);
    }
    System.exit(lost == 0 ? 0 : 1);
  }

  private long run(DataDisk disk, int rounds) throws Exception {
    database = Database.open(SETTINGS, data);
    database
        .jdbi()
        .useHandle(
            h -> {
              h.execute("CREATE TABLE probe (id BIGINT PRIMARY KEY, v VARCHAR(4000), n INT)");
              h.execute("CREATE TABLE churn (id INT PRIMARY KEY, v VARCHAR(4000))");
              for (int i = 0; i < 200; i++) {
                h.execute("INSERT INTO churn VALUES (?, ?)", i, "x".repeat(2000));
              }
            });
    opener = database.jdbi();
    if (plain) {
      database.close();
      Path db = data.resolve("db");
      String password =
          Files.readString(db.resolve("hangar.password"), StandardCharsets.UTF_8).strip();
      opener =
          Jdbi.create(
              "jdbc:h2:retry:" + db.resolve("hangar") + ";WRITE_DELAY=0",
              SETTINGS.user(),
              password);
    }
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      long seed = w;
      writers.add(Thread.ofPlatform().start(() -> write(new Random(seed))));
    }
    Random random = new Random(42);
    long lost = 0;
    long begin = System.nanoTime();
    try {
      for (int round = 1; round <= rounds; round++) {
        Thread.sleep(300 + random.nextInt(2000));
        long filled = disk.fill();
        Thread.sleep(500 + random.nextInt(2500));
        disk.free();
        Thread.sleep(1500 + random.nextInt(1500));
        Set<Long> missing = new TreeSet<>(acknowledged);
        missing.removeAll(present());
        lost += missing.size();
        acknowledged.removeAll(missing);
        System.out.printf(
            "round %3d  filled %5d MB  acknowledged %6d  lost %d%s%n",
            round,
            filled >> 20,
            acknowledged.size() + missing.size(),
            missing.size(),
            missing.isEmpty() ? "" : " " + missing);
      }
    } finally {
      stop = true;
      for (Thread writer : writers) {
        writer.join();
      }
      if (!plain) {
        database.close();
      }
    }
    System.out.printf(
        "RESULT mode=%s rounds=%d inserts=%d refused=%d lost=%d minutes=%.1f%n",
        plain ? "h2-alone" : "hangar",
        rounds,
        ids.get(),
        refused.get(),
        lost,
        (System.nanoTime() - begin) / 60e9);
    return lost;
  }

  /**
   * The rows there now, read through a connection opened as the writers open theirs; tried again
   * for up to a minute, since opening a file closed uncleanly first scans all of it.
   */
  private Set<Long> present() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (true) {
      try {
        requireRoom();
        try (Handle h = opener.open()) {
          return new HashSet<>(h.createQuery("SELECT id FROM probe").mapTo(Long.class).list());
        }
      } catch (IOException | JdbiException e) {
        if (System.nanoTime() > deadline) {
          throw new IOException("the database did not open within a minute after a round", e);
        }
        Thread.sleep(500);
      }
    }
  }

  /** Short of 16 MB free, the file is not opened: what Hangar's pool does ({@code RoomToOpen}). */
  private void requireRoom() throws IOException {
    if (plain && Files.getFileStore(data).getUsableSpace() < ROOM_TO_OPEN) {
      throw new IOException("the disk has less than 16 MB free; not opening the file");
    }
  }

  private void write(Random random) {
    while (!stop) {
      try {
        requireRoom();
        try (Handle h = opener.open()) {
          while (!stop) {
            long id = ids.incrementAndGet();
            h.execute(
                "INSERT INTO probe VALUES (?, ?, 0)", id, "y".repeat(100 + random.nextInt(1500)));
            acknowledged.add(id);
            h.execute(
                "UPDATE churn SET v = ? WHERE id = ?",
                Long.toString(id).repeat(10 + random.nextInt(100)),
                random.nextInt(200));
            Thread.sleep(20 + random.nextInt(40));
          }
        }
      } catch (IOException | JdbiException e) {
        // A full disk, or the database closed after one: the insert was not acknowledged.
        refused.incrementAndGet();
        pause();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
