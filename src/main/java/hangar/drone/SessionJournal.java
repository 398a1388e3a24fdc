package hangar.drone;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import hangar.PrivateFiles;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable record of a drone's sessions: {@code <droneDir>/sessions.journal}, one JSON line per
 * change (a session's spec with its latest state, or the forgetting of a session), the last line of
 * a session winning. A change is on disk (forced) before {@link #record} or {@link #forget}
 * returns. Changes that arrive together share one force: a request that starts a hundred sessions
 * costs one write and one force, and sessions ending at once wait for one force between them.
 *
 * <p>A forgotten session's id stays in the journal (the latest {@link #FORGOTTEN_KEPT}), so that
 * the drone refuses to start it again, before and after a restart.
 *
 * <p>The journal is rewritten with only the sessions still remembered when it is opened and
 * whenever it has grown to several times that size: to a temporary file, forced, and moved over the
 * old one, so a crash leaves the old or the new journal, never a mix. A crash in the middle of an
 * append leaves a torn last line, which was never acknowledged and is dropped. A line that cannot
 * be read elsewhere is logged, and the journal is copied aside for a human before it is rewritten.
 *
 * <p>Writes go through {@link FileOutputStream}, not an interruptible channel: an abort interrupts
 * a session's thread, and that must not close the journal under the other sessions.
 */
final class SessionJournal implements AutoCloseable {
  /** The journal's file name in the drone folder. */
  static final String FILE = "sessions.journal";

  private static final Logger LOG = LoggerFactory.getLogger(SessionJournal.class);
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

  /** Rewrite once the journal holds this many lines per remembered session, and at least... */
  private static final int COMPACT_RATIO = 4;

  /** ...this many lines in all. */
  private static final int COMPACT_MIN_LINES = 10_000;

  /**
   * How many forgotten session ids are kept, the latest, so that a stale start of one is refused: a
   * scheduler sends a start at most a tick after it read the entry.
   */
  static final int FORGOTTEN_KEPT = 10_000;

  private final Path file;
  private final ObjectMapper json;
  // Appends take `lock` alone and briefly; forces and rewrites take `forceLock` first.
  private final ReentrantLock lock = new ReentrantLock();
  private final ReentrantLock forceLock = new ReentrantLock();
  private final Map<String, SessionFile> live = new LinkedHashMap<>();
  private final Set<String> forgotten = new LinkedHashSet<>();
  private FileOutputStream out;
  private long lines;
  private long appended;
  private long forced;

  /** One line of the journal: a session's record, or {@code forget} with a session id. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Line(SessionFile session, String forget) {}

  private SessionJournal(Path file, ObjectMapper json) {
    this.file = file;
    this.json = json;
  }

  /** True when the id can be a session id: letters, digits, {@code _ . -}, at most 128. */
  static boolean isSafeId(String sessionId) {
    return SAFE_ID.matcher(sessionId).matches();
  }

  /**
   * Reads the journal of {@code droneDir} (none is an empty one) and rewrites it compactly.
   *
   * @throws IOException if it cannot be read or rewritten
   */
  static SessionJournal open(Path droneDir, ObjectMapper json) throws IOException {
    SessionJournal journal = new SessionJournal(droneDir.resolve(FILE), json);
    journal.load();
    journal.forceLock.lock();
    journal.lock.lock();
    try {
      journal.rewrite();
    } finally {
      journal.lock.unlock();
      journal.forceLock.unlock();
    }
    return journal;
  }

  /** The sessions remembered, in the order they were first recorded. */
  List<SessionFile> sessions() {
    lock.lock();
    try {
      return List.copyOf(live.values());
    } finally {
      lock.unlock();
    }
  }

  /** True when the session was known and then forgotten, among the last {@link #FORGOTTEN_KEPT}. */
  boolean wasForgotten(String sessionId) {
    lock.lock();
    try {
      return forgotten.contains(sessionId);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Records sessions (new ones or new states of known ones), durably, before it returns.
   *
   * @throws IOException if the disk refuses; then the records may or may not be on disk
   */
  void record(List<SessionFile> sessions) throws IOException {
    List<Line> batch = new ArrayList<>(sessions.size());
    for (SessionFile s : sessions) {
      batch.add(new Line(s, null));
    }
    append(batch);
  }

  /**
   * Forgets sessions, durably, before it returns; unknown ids are fine.
   *
   * @throws IOException if the disk refuses
   */
  void forget(Collection<String> sessionIds) throws IOException {
    List<Line> batch = new ArrayList<>(sessionIds.size());
    for (String id : sessionIds) {
      batch.add(new Line(null, id));
    }
    append(batch);
  }

  @Override
  public void close() throws IOException {
    forceLock.lock();
    lock.lock();
    try {
      if (out != null) {
        out.close();
        out = null;
      }
    } finally {
      lock.unlock();
      forceLock.unlock();
    }
  }

  private void append(List<Line> batch) throws IOException {
    if (batch.isEmpty()) {
      return;
    }
    byte[] bytes = encode(batch);
    long mine;
    boolean grown;
    lock.lock();
    try {
      if (out == null) {
        throw new IOException("session journal " + file + " is closed");
      }
      out.write(bytes);
      batch.forEach(this::apply);
      lines += batch.size();
      mine = ++appended;
      grown =
          lines
              > Math.max(
                  COMPACT_MIN_LINES, (long) COMPACT_RATIO * (live.size() + forgotten.size()));
    } finally {
      lock.unlock();
    }
    forceLock.lock();
    try {
      if (forced < mine) { // else a force after this append already covered it
        long upTo;
        FileOutputStream stream;
        lock.lock();
        try {
          upTo = appended;
          stream = out;
        } finally {
          lock.unlock();
        }
        if (stream == null) {
          throw new IOException("session journal " + file + " was closed before it was forced");
        }
        stream.getFD().sync();
        forced = upTo;
      }
      if (grown) {
        lock.lock();
        try {
          rewrite();
        } finally {
          lock.unlock();
        }
      }
    } finally {
      forceLock.unlock();
    }
  }

  private void apply(Line line) {
    if (line.forget() != null) {
      live.remove(line.forget());
      forgotten.remove(line.forget());
      forgotten.add(line.forget());
      if (forgotten.size() > FORGOTTEN_KEPT) {
        forgotten.remove(forgotten.iterator().next());
      }
    } else {
      live.put(line.session().spec().sessionId(), line.session());
    }
  }

  private byte[] encode(List<Line> batch) throws JsonProcessingException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * batch.size());
    for (Line line : batch) {
      byte[] one = json.writeValueAsBytes(line);
      bytes.write(one, 0, one.length);
      bytes.write('\n');
    }
    return bytes.toByteArray();
  }

  /** Folds the journal's lines into {@link #live}; a torn last line is dropped. */
  private void load() throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    byte[] content = Files.readAllBytes(file);
    String text = new String(content, StandardCharsets.UTF_8);
    boolean tornTail = !text.isEmpty() && !text.endsWith("\n");
    String[] all = text.split("\n", -1);
    int complete = tornTail ? all.length - 1 : all.length;
    int bad = 0;
    for (int i = 0; i < complete; i++) {
      if (all[i].isBlank()) {
        continue;
      }
      try {
        apply(json.readValue(all[i], Line.class));
      } catch (IOException | RuntimeException e) {
        bad++;
        LOG.error("{} line {} cannot be read; that change is lost: {}", file, i + 1, e.toString());
      }
    }
    if (tornTail) {
      LOG.warn(
          "{} ends in a torn line (a crash while it was written, never acknowledged); dropped",
          file);
    }
    if (bad > 0) {
      Path aside = file.resolveSibling(FILE + ".unreadable-" + System.currentTimeMillis());
      Files.copy(file, aside);
      LOG.error(
          "{} had {} unreadable lines; the journal as it was is kept in {}", file, bad, aside);
    }
  }

  /**
   * Writes the forgotten ids kept and the remembered sessions to a fresh journal and appends to
   * that from now on.
   */
  private void rewrite() throws IOException {
    Path temp = file.resolveSibling(FILE + ".tmp");
    List<Line> current = new ArrayList<>(forgotten.size() + live.size());
    for (String id : forgotten) {
      current.add(new Line(null, id));
    }
    for (SessionFile s : live.values()) {
      current.add(new Line(s, null));
    }
    Files.deleteIfExists(temp);
    PrivateFiles.createFileIfAbsent(temp);
    try (FileOutputStream fresh = new FileOutputStream(temp.toFile())) {
      fresh.write(encode(current));
      fresh.getFD().sync();
    }
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    if (out != null) {
      out.close();
    }
    out = new FileOutputStream(file.toFile(), true);
    lines = current.size();
    forced = appended;
  }
}
