package hangar.bench;

import hangar.bench.FaultLab.Topology;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * A fault the campaign injects while a trial's tests run: how, for how long, and how it ends. A
 * fault that nothing outside Hangar would mend (a killed drone, a killed scheduler) has no {@link
 * #restore}: Hangar must recover by itself.
 */
enum Fault {
  /** {@code kill -9} of the all-in-one server (API, scheduler); started again after 0.5 s. */
  SERVER_KILL("server-kill", Topology.ALL_IN_ONE, false, Duration.ofMillis(500)) {
    @Override
    void inject(FaultLab lab) {
      lab.killServer();
    }

    @Override
    void restore(FaultLab lab) throws IOException {
      lab.startServer();
    }
  },
  /** {@code kill -9} of one of two {@code hangar scheduler} processes; the other must adopt. */
  SCHEDULER_KILL("scheduler-kill", Topology.SPLIT, false, Duration.ZERO) {
    @Override
    void inject(FaultLab lab) {
      lab.schedulers().killFirst();
    }
  },
  /** {@code kill -9} of the {@code localhost} drone daemon, never started again by the campaign. */
  DRONE_KILL("drone-kill", Topology.ALL_IN_ONE, false, Duration.ZERO) {
    @Override
    void inject(FaultLab lab) {
      lab.killDrone();
    }
  },
  /** {@code kill -9} of the worker process; started again after 1 s, as its service would be. */
  WORKER_KILL("worker-kill", Topology.ALL_IN_ONE, true, Duration.ofSeconds(1)) {
    @Override
    void inject(FaultLab lab) {
      lab.killWorker();
    }

    @Override
    void restore(FaultLab lab) throws IOException {
      lab.startWorker();
    }
  },
  /** The worker's link cut for 4 s (past three missed heartbeats of 1 s), then restored. */
  WORKER_LINK("worker-link", Topology.ALL_IN_ONE, true, Duration.ofSeconds(4)) {
    @Override
    void inject(FaultLab lab) throws IOException {
      lab.worker().cutLink();
    }

    @Override
    void restore(FaultLab lab) throws IOException {
      lab.worker().restoreLink();
    }
  },
  /**
   * The database gone for 3 s: the campaign's proxy to PostgreSQL or MariaDB cut and restored; for
   * H2, served by the frontend to the schedulers, a {@code kill -9} of the frontend.
   */
  DATABASE("database", Topology.SPLIT, false, Duration.ofSeconds(3)) {
    @Override
    void inject(FaultLab lab) throws IOException {
      if (lab.isH2()) {
        lab.killServer();
      } else {
        lab.site().cutDatabase();
      }
    }

    @Override
    void restore(FaultLab lab) throws IOException {
      if (lab.isH2()) {
        lab.startServer();
      } else {
        lab.site().restoreDatabase();
      }
    }
  },
  /**
   * The data disk (a tmpfs) filled to the last byte for 3 s, then freed; once the trial's jobs
   * finished the server is stopped and started again, so that what it failed to write shows in this
   * trial and not in a later one.
   */
  DISK_FULL("disk-full", Topology.ALL_IN_ONE, false, Duration.ofSeconds(3)) {
    @Override
    void inject(FaultLab lab) throws IOException {
      lab.disk().fill();
    }

    @Override
    void restore(FaultLab lab) throws IOException {
      lab.keepDatabaseFile();
      lab.disk().free();
    }

    @Override
    boolean restartsServerAfter() {
      return true;
    }
  },
  /**
   * The worker's link turned into a black hole for 5 s while the results of its sessions are copied
   * (the trial's first test prints {@value #BULK_BYTES} bytes, over a link paced to {@value
   * #PACED_BYTES_PER_SECOND} bytes/s so that the copy lasts), then restored.
   */
  GATHER_CUT("gather-cut", Topology.ALL_IN_ONE, true, Duration.ofSeconds(5)) {
    @Override
    void inject(FaultLab lab) {
      lab.worker().blackholeLink();
    }

    @Override
    void restore(FaultLab lab) throws IOException {
      lab.worker().restoreLink();
    }

    @Override
    boolean duringGathering() {
      return true;
    }
  },
  /**
   * {@code kill -9} of the scheduler on {@link OtherMachine}: the one on this machine must take its
   * entries over without asking its own {@code localhost} drone about them. Not started again by
   * the campaign until the next trial.
   */
  MACHINE_TAKEOVER("machine-takeover", Topology.TWO_MACHINES, false, Duration.ZERO) {
    @Override
    void inject(FaultLab lab) {
      lab.schedulers().killOtherMachine();
    }
  };

  /** What each test of a {@link #duringGathering} trial prints, so its results take a while. */
  static final int BULK_BYTES = 4 * 1024 * 1024;

  /** The worker link's pace during a {@link #duringGathering} trial. */
  static final long PACED_BYTES_PER_SECOND = 2 * 1024 * 1024;

  private final String label;
  private final Topology topology;
  private final boolean onWorker;
  private final Duration hold;

  Fault(String label, Topology topology, boolean onWorker, Duration hold) {
    this.label = label;
    this.topology = topology;
    this.onWorker = onWorker;
    this.hold = hold;
  }

  /** Its name on the command line ({@code --faults}) and in the table. */
  String label() {
    return label;
  }

  /** The processes the lab must run for it. */
  Topology topology() {
    return topology;
  }

  /** True when the trial's tests must run on the worker (the localhost drone is drained). */
  boolean onWorker() {
    return onWorker;
  }

  /** How long the fault lasts before {@link #restore}. */
  Duration hold() {
    return hold;
  }

  abstract void inject(FaultLab lab) throws IOException;

  /** Ends the fault as the world outside Hangar would; by default nothing. */
  void restore(FaultLab lab) throws IOException {}

  /**
   * True when the fault strikes once an entry is Gathering (the tests are released first), not
   * while the tests run.
   */
  boolean duringGathering() {
    return false;
  }

  /** True when the server is stopped and started again before the trial's checks. */
  boolean restartsServerAfter() {
    return false;
  }

  /**
   * The fault called {@code label}.
   *
   * @throws IllegalArgumentException naming the faults there are
   */
  static Fault of(String label) {
    return Arrays.stream(values())
        .filter(f -> f.label.equals(label.strip().toLowerCase(Locale.ROOT)))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no fault '"
                        + label
                        + "'; there are "
                        + Arrays.stream(values()).map(Fault::label).toList()));
  }
}
