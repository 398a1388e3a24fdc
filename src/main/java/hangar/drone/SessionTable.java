package hangar.drone;

import hangar.autoserv.SessionOutcome;
import hangar.autoserv.SessionSpec;
import hangar.autoserv.Verdict;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions one drone daemon knows: each running one on its own virtual thread named {@code
 * hangar-session-<id>}, each finished one until the scheduler forgets it. Every change is on disk
 * before it is visible to a request.
 */
final class SessionTable {
  /**
   * The reason given for sessions a previous daemon left running when it died: their threads died
   * with it, and the commands they ran end with it, so no new daemon can adopt them.
   */
  static String diedReason(long previousPid) {
    return previousPid > 0
        ? "the drone daemon died (pid " + previousPid + ") while the session ran"
        : "the drone daemon died while the session ran";
  }

  static final String SHUT_DOWN_REASON = "drone shut down while the session ran";

  private static final Logger LOG = LoggerFactory.getLogger(SessionTable.class);

  private final SessionJournal journal;
  private final SessionRunner runner;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final SessionEnds ends = new SessionEnds();
  private final Map<String, Session> sessions = new LinkedHashMap<>();
  // Taken and recorded, their threads not started yet: see launchTaken.
  private final List<Session> taken = new ArrayList<>();
  private boolean closed;

  /** A session and, while it runs, its thread; guarded by the table's lock. */
  private static final class Session {
    final SessionSpec spec;
    SessionState state;
    Thread thread;
    boolean abortRequested;
    String abortReason = "aborted on request";

    Session(SessionSpec spec, SessionState state) {
      this.spec = spec;
      this.state = state;
    }
  }

  SessionTable(SessionJournal journal, SessionRunner runner, Clock clock) {
    this.journal = journal;
    this.runner = runner;
    this.clock = clock;
  }

  /**
   * Loads the records a previous daemon left. Sessions it recorded as running died with it (their
   * thread did); they are recorded as finished with {@link Verdict#ERROR} and {@link #diedReason},
   * so that the scheduler learns of them instead of waiting forever.
   *
   * @param previousPid the pid of the daemon that left them, or 0 when unknown
   * @throws IOException if a record cannot be rewritten
   */
  void recover(long previousPid) throws IOException {
    List<SessionFile> died = new ArrayList<>();
    lock.lock();
    try {
      for (SessionFile file : journal.sessions()) {
        SessionState state = file.state();
        if (state.running()) {
          state =
              new SessionState(
                  state.sessionId(),
                  false,
                  new SessionOutcome(Verdict.ERROR, diedReason(previousPid)),
                  state.startedOn(),
                  clock.instant());
          died.add(new SessionFile(file.spec(), state));
          LOG.info(
              "session={} was running when the previous drone daemon (pid {}) died; recorded as"
                  + " ERROR",
              state.sessionId(),
              previousPid);
        }
        sessions.put(state.sessionId(), new Session(file.spec(), state));
      }
    } finally {
      lock.unlock();
    }
    journal.record(died);
    ends.ended(died.size());
  }

  /** What {@link #start} did. */
  enum Start {
    /** Recorded now, and started by {@link #launchTaken}. */
    STARTED,
    /** Already known, running or finished; not started again. */
    KNOWN,
    /** Ran here and was forgotten since; never started again. */
    FORGOTTEN,
    /** Refused: the daemon is shutting down. */
    CLOSED
  }

  /**
   * Records and takes a session unless its id is already known (running or finished) or was
   * forgotten; {@link #launchTaken} starts it.
   *
   * @return what happened
   * @throws IOException if its record cannot be written; then nothing started
   */
  Start start(SessionSpec spec) throws IOException {
    return startAll(List.of(spec)).get(0);
  }

  /**
   * Records and takes sessions as {@link #start} does one, with one durable write for all; {@link
   * #launchTaken} starts them.
   *
   * @return what happened to each, in the order given
   * @throws IOException if their records cannot be written; then none started
   */
  List<Start> startAll(List<SessionSpec> specs) throws IOException {
    List<Start> outcomes = new ArrayList<>(specs.size());
    List<Session> fresh = new ArrayList<>();
    lock.lock();
    try {
      for (SessionSpec spec : specs) {
        String id = spec.sessionId();
        if (closed) {
          outcomes.add(Start.CLOSED);
        } else if (sessions.containsKey(id)) {
          outcomes.add(Start.KNOWN);
        } else if (journal.wasForgotten(id)) {
          outcomes.add(Start.FORGOTTEN);
        } else {
          Session session =
              new Session(spec, new SessionState(id, true, null, clock.instant(), null));
          session.thread =
              Thread.ofVirtual().name("hangar-session-" + id).unstarted(() -> run(spec));
          sessions.put(id, session);
          fresh.add(session);
          outcomes.add(Start.STARTED);
        }
      }
    } finally {
      lock.unlock();
    }
    try {
      journal.record(fresh.stream().map(s -> new SessionFile(s.spec, s.state)).toList());
    } catch (IOException | RuntimeException e) {
      fresh.forEach(s -> remove(s.spec.sessionId()));
      throw e;
    }
    lock.lock();
    try {
      taken.addAll(fresh);
    } finally {
      lock.unlock();
    }
    return outcomes;
  }

  /**
   * Starts the threads of the sessions taken since the last call. The daemon calls it once the
   * reply that took them is written: fifty sessions' first steps (an SSH login each) would
   * otherwise hold up the reply on a machine with few cores. A session aborted meanwhile ends at
   * once as aborted.
   */
  void launchTaken() {
    lock.lock();
    try {
      // Under the lock, so that close() never sees a taken session's thread half launched.
      for (Session session : taken) {
        session.thread.start();
        LOG.info("session={} job={} started", session.spec.sessionId(), session.spec.jobId());
      }
      taken.clear();
    } finally {
      lock.unlock();
    }
  }

  /** Interrupts a running session; nothing for an unknown or finished one. */
  void abort(String sessionId) {
    abort(sessionId, "aborted on request");
  }

  private void abort(String sessionId, String reason) {
    lock.lock();
    try {
      Session session = sessions.get(sessionId);
      if (session == null || !session.state.running() || session.abortRequested) {
        return;
      }
      session.abortRequested = true;
      session.abortReason = reason;
      session.thread.interrupt();
      LOG.info("session={} abort requested: {}", sessionId, reason);
    } finally {
      lock.unlock();
    }
  }

  /** Every known session, in the order they were taken. */
  List<SessionState> states() {
    lock.lock();
    try {
      return sessions.values().stream().map(s -> s.state).toList();
    } finally {
      lock.unlock();
    }
  }

  /** The count of ended sessions, which {@code watch} waits on. */
  SessionEnds ends() {
    return ends;
  }

  /**
   * Drops a finished session and its record; nothing for an unknown one.
   *
   * @return false if the session is still running (and was kept)
   * @throws IOException if its record cannot be dropped
   */
  boolean forget(String sessionId) throws IOException {
    return forgetAll(List.of(sessionId)).isEmpty();
  }

  /**
   * Drops finished sessions and their records with one durable write; unknown ids are fine.
   *
   * @return the ids kept because they still run
   * @throws IOException if the records cannot be dropped; then the sessions are still known
   */
  List<String> forgetAll(List<String> sessionIds) throws IOException {
    List<String> finished = new ArrayList<>();
    List<String> running = new ArrayList<>();
    lock.lock();
    try {
      for (String id : sessionIds) {
        Session session = sessions.get(id);
        if (session != null && session.state.running()) {
          running.add(id);
        } else if (session != null) {
          finished.add(id);
        }
      }
    } finally {
      lock.unlock();
    }
    journal.forget(finished);
    lock.lock();
    try {
      finished.forEach(sessions::remove);
    } finally {
      lock.unlock();
    }
    finished.forEach(id -> LOG.info("session={} forgotten", id));
    return running;
  }

  /**
   * Refuses new sessions from now on if none runs.
   *
   * @return false, changing nothing, if a session runs
   */
  boolean closeIfIdle() {
    lock.lock();
    try {
      if (sessions.values().stream().anyMatch(s -> s.state.running())) {
        return false;
      }
      closed = true;
      ends.close();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Refuses new sessions, aborts the running ones and waits, within {@code wait}, for each to
   * record its outcome.
   */
  void close(Duration wait) {
    Map<String, Thread> running = new LinkedHashMap<>();
    lock.lock();
    try {
      closed = true;
      ends.close();
      for (Session session : sessions.values()) {
        if (session.state.running()) {
          running.put(session.spec.sessionId(), session.thread);
        }
      }
    } finally {
      lock.unlock();
    }
    running.keySet().forEach(id -> abort(id, SHUT_DOWN_REASON));
    launchTaken(); // those taken and not yet started end as aborted, so that they are recorded
    long deadline = System.nanoTime() + wait.toNanos();
    for (Map.Entry<String, Thread> entry : running.entrySet()) {
      if (entry.getValue().getState() == Thread.State.NEW) {
        // Recorded by a start whose journal write was under way as the daemon closed.
        LOG.warn(
            "session={} was being taken as the drone stopped; the next drone start records it as"
                + " ERROR",
            entry.getKey());
        continue;
      }
      try {
        long left = Math.max(1, deadline - System.nanoTime());
        if (!entry.getValue().join(Duration.ofNanos(left))) {
          LOG.warn(
              "session={} did not end within {}; the next drone start records it as ERROR",
              entry.getKey(),
              wait);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void run(SessionSpec spec) {
    String id = spec.sessionId();
    SessionOutcome outcome;
    try {
      outcome = abortedBeforeStart(id) ? null : runner.run(spec);
      if (outcome == null) {
        outcome = new SessionOutcome(Verdict.ABORT, abortReason(id));
      }
    } catch (Throwable t) { // a session boundary: record, never lose the session
      LOG.error("session={} runner failed", id, t);
      outcome = new SessionOutcome(Verdict.ERROR, "drone could not run the session: " + t);
    }
    // An abort's interrupt may still be pending; it would close the record's file channel.
    if (Thread.interrupted()) {
      LOG.debug("session={} cleared a pending abort interrupt", id);
    }
    finish(spec, outcome);
  }

  private boolean abortedBeforeStart(String sessionId) {
    lock.lock();
    try {
      return sessions.get(sessionId).abortRequested;
    } finally {
      lock.unlock();
    }
  }

  private String abortReason(String sessionId) {
    lock.lock();
    try {
      return sessions.get(sessionId).abortReason;
    } finally {
      lock.unlock();
    }
  }

  private void finish(SessionSpec spec, SessionOutcome outcome) {
    String id = spec.sessionId();
    SessionState finished;
    lock.lock();
    try {
      SessionState running = sessions.get(id).state;
      finished = new SessionState(id, false, outcome, running.startedOn(), clock.instant());
    } finally {
      lock.unlock();
    }
    try {
      journal.record(List.of(new SessionFile(spec, finished)));
    } catch (IOException | RuntimeException e) {
      // The record still says running: the next daemon start reports the session as ERROR.
      LOG.error("session={} finished {} but its record cannot be written", id, outcome, e);
    }
    lock.lock();
    try {
      Session session = sessions.get(id);
      session.state = finished;
      session.thread = null;
    } finally {
      lock.unlock();
    }
    ends.ended(1);
    LOG.info(
        "session={} job={} finished {} {}", id, spec.jobId(), outcome.verdict(), outcome.reason());
  }

  private void remove(String sessionId) {
    lock.lock();
    try {
      sessions.remove(sessionId);
    } finally {
      lock.unlock();
    }
  }
}
