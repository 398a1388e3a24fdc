package hangar.bench;

import hangar.autoserv.SessionOutcome;
import hangar.autoserv.SessionSpec;
import hangar.autoserv.Verdict;
import hangar.drone.SessionRunner;

/**
 * The drone stand-in's sessions for the scheduler benchmark: a session whose control file is {@code
 * hold} runs until aborted (the lab's long-running work), every other one passes at once, so what
 * is measured is the scheduler and the drone protocol, not the tests. Made by name in the drone
 * daemon's JVM ({@code hangar drone --runner}).
 */
public final class BenchmarkSessionRunner implements SessionRunner {
  /** The control file text of a session that runs until aborted. */
  public static final String HOLD = "hold";

  /** Made by name in the daemon JVM. */
  public BenchmarkSessionRunner() {}

  @Override
  public SessionOutcome run(SessionSpec spec) {
    if (!spec.controlFile().equals(HOLD)) {
      writeStatusLog(spec.resultsDir());
      return new SessionOutcome(Verdict.GOOD, "");
    }
    try {
      Thread.sleep(Long.MAX_VALUE);
      throw new IllegalStateException("a held session woke up on its own");
    } catch (InterruptedException e) {
      return new SessionOutcome(Verdict.ABORT, "released");
    }
  }

  /** A passed session's results, as a one-test job leaves them: the scheduler parses them. */
  private static void writeStatusLog(java.nio.file.Path folder) {
    long now = System.currentTimeMillis() / 1000;
    String fields = "\ttimestamp=" + now + "\tlocaltime=Dec 07 12:00:00\t";
    try {
      java.nio.file.Files.createDirectories(folder);
      java.nio.file.Files.writeString(
          folder.resolve("status.log"),
          "START\t----\t----"
              + fields
              + "\n\tSTART\tbench\tbench"
              + fields
              + "\n\t\tGOOD\tbench\tbench"
              + fields
              + "completed successfully\n\tEND GOOD\tbench\tbench"
              + fields
              + "\nEND GOOD\t----\t----"
              + fields
              + "\n");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot write the results of " + folder, e);
    }
  }
}
