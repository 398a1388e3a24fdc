package hangar.scheduler;

import hangar.HangarException;
import hangar.lab.SchedulerInstance;
import hangar.store.SchedulerStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A dispatcher's place among those sharing the database: joining, heartbeat, leaving, adopting. */
final class Membership {
  private static final Logger LOG = LoggerFactory.getLogger(Membership.class);

  /** Heartbeats a dispatcher may miss before the others take it for dead (db-scheduler's 6). */
  static final int MISSED_HEARTBEATS = 6;

  /** The least time before a silent dispatcher counts as dead, however short the tick. */
  static final Duration MIN_DEAD_AFTER = Duration.ofSeconds(3);

  private final String name;
  private final String machine;
  private final SchedulerStore schedulers;
  private final Duration tickInterval;
  private final Clock clock;
  private volatile boolean beating;
  private Thread heartbeat;

  /**
   * @param machine the machine this dispatcher runs on, as its fleet names it ({@link
   *     DroneFleet#machine()}); registered as its host name
   */
  Membership(
      String name, String machine, SchedulerStore schedulers, Duration tickInterval, Clock clock) {
    this.name = name;
    this.machine = machine;
    this.schedulers = schedulers;
    this.tickInterval = tickInterval;
    this.clock = clock;
  }

  /** How long a dispatcher may stay silent before the others adopt its entries. */
  Duration deadAfter() {
    Duration missed = tickInterval.multipliedBy(MISSED_HEARTBEATS);
    return missed.compareTo(MIN_DEAD_AFTER) < 0 ? MIN_DEAD_AFTER : missed;
  }

  /** Registers this dispatcher and starts its heartbeat ({@code hangar-scheduler-heartbeat}). */
  void join() {
    schedulers.register(name, machine, ProcessHandle.current().pid());
    beating = true;
    heartbeat = Thread.ofPlatform().name("hangar-scheduler-heartbeat").start(this::beat);
  }

  /** Stops the heartbeat, if {@link #join()} started one. */
  void stopHeartbeat() throws InterruptedException {
    beating = false;
    if (heartbeat != null) {
      heartbeat.interrupt();
      heartbeat.join(Duration.ofSeconds(30));
    }
  }

  /** Resigns: this dispatcher's entries go to the next one that ticks. */
  void resign() {
    try {
      schedulers.resign(name);
      LOG.info("scheduler {} resigned its entries", name);
    } catch (HangarException | org.jdbi.v3.core.JdbiException e) {
      // At JVM exit the embedded database may already be closed. Nothing is lost: the next
      // scheduler sees this process gone (or its heartbeat stale) and adopts the entries.
      LOG.warn(
          "scheduler {} could not resign; its entries are adopted once it is seen dead", name, e);
    }
  }

  private void beat() {
    // Failed beats in a row: the first is logged with its cause, the others only at debug level,
    // until one works again (a database outage would otherwise log a warning every tick).
    int failed = 0;
    while (beating) {
      try {
        if (!schedulers.renewHeartbeat(name)) {
          LOG.warn(
              "scheduler {} was taken for dead and its entries adopted; registering again", name);
          schedulers.register(name, machine, ProcessHandle.current().pid());
        }
        if (failed > 0) {
          LOG.info("scheduler {} renews its heartbeat again, after {} failed beats", name, failed);
        }
        failed = 0;
      } catch (RuntimeException e) { // the heartbeat's loop boundary: try again next beat
        if (failed++ == 0) {
          LOG.warn(
              "scheduler {} could not renew its heartbeat; trying again every beat, logged again"
                  + " once it works",
              name,
              e);
        } else {
          LOG.debug("scheduler {} still cannot renew its heartbeat", name, e);
        }
      }
      try {
        Thread.sleep(tickInterval);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Takes the entries of schedulers that resigned or died. */
  void adoptAbandoned() {
    int orphans = schedulers.adoptOrphans(name);
    if (orphans > 0) {
      LOG.info("scheduler {} adopted {} entries a stopped scheduler left", name, orphans);
    }
    Instant oldest = clock.instant().minus(deadAfter());
    for (SchedulerInstance other : schedulers.list()) {
      if (other.name().equals(name)) {
        continue;
      }
      boolean silent = other.heartbeatOn().isBefore(oldest);
      boolean gone =
          other.hostname().equals(machine)
              && ProcessHandle.of(other.pid()).map(p -> !p.isAlive()).orElse(true);
      if (silent || gone) {
        int adopted = schedulers.adopt(other.name(), name);
        LOG.info(
            "scheduler {} is dead ({}, last heartbeat {}); {} adopted its {} entries",
            other.name(),
            gone ? "its process is gone" : "silent for over " + deadAfter(),
            other.heartbeatOn(),
            name,
            adopted);
      }
    }
  }
}
