package hangar.drone;

import static java.nio.charset.StandardCharsets.UTF_8;

import hangar.HangarException;
import hangar.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole results folder streamed over a worker's link in binary frames, each file's SHA-256
 * computed by the worker as it reads and by the master as it writes: the copy is verified as it
 * arrives, with no second pass over either disk. The master asks with the request line {@code
 * {"op":"send-folder","path":"<folder>"}}; the worker sends the frames, then the reply line, which
 * lists every file with its size and SHA-256 ({@code files}, as the {@code files} request with sums
 * does). A worker older than this request passes it to its daemon, which answers {@code
 * bad-request}, and the master reads the folder file by file instead.
 *
 * <p>Each binary frame is the request's number (8 bytes, big-endian), one kind byte and a payload:
 *
 * <ul>
 *   <li>{@code d}: a folder, its path in UTF-8;
 *   <li>{@code f}: a file begins: its size (8 bytes), then its path in UTF-8;
 *   <li>{@code b}: the file's next bytes, at most {@link #CHUNK};
 *   <li>{@code e}: the file ends: the SHA-256 (32 bytes) of what the worker read.
 * </ul>
 *
 * Paths are relative to the folder asked for, with {@code /} separators. Symbolic links are not
 * sent, as a copy never takes a link's target.
 */
public final class FolderStream {
  /** The request's {@code op}. */
  public static final String OP = "send-folder";

  /** The most bytes of a file in one frame. */
  public static final int CHUNK = 1 << 20;

  /** The longest frame: a chunk and its header, or a path of at most 64 KiB. */
  public static final int MAX_FRAME = CHUNK + 64 * 1024;

  static final byte FOLDER = 'd';
  static final byte FILE = 'f';
  static final byte BYTES = 'b';
  static final byte END = 'e';

  private FolderStream() {}

  /** Where the worker's frames go: sends one frame, which may be reused once this returns. */
  @FunctionalInterface
  public interface Frames {
    void send(ByteBuffer frame);
  }

  /**
   * Sends a results folder as frames of request {@code seq} and lists what was sent.
   *
   * @param files the worker's results folder
   * @param folder the folder to send, relative to it
   * @return every folder and file sent, the files with their size and SHA-256
   * @throws IllegalArgumentException if the folder leaves the results folder or is a file
   * @throws java.nio.file.NoSuchFileException if it is not there
   */
  public static List<DroneFile> send(ResultsFiles files, String folder, long seq, Frames out)
      throws IOException {
    Path base = files.folder(folder);
    ByteBuffer frame = ByteBuffer.allocate(MAX_FRAME);
    MessageDigest digest = sha256();
    List<DroneFile> sent = new ArrayList<>();
    Files.walkFileTree(
        base,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (!dir.equals(base)) {
              String name = name(base, dir);
              out.send(header(frame, seq, FOLDER).put(utf8(name)).flip());
              sent.add(new DroneFile(name, true, 0, null, null));
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (attrs.isRegularFile()) {
              sent.add(sendFile(file, name(base, file), seq, frame, digest, out));
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return sent;
  }

  private static DroneFile sendFile(
      Path file, String name, long seq, ByteBuffer frame, MessageDigest digest, Frames out)
      throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      out.send(header(frame, seq, FILE).putLong(channel.size()).put(utf8(name)).flip());
      digest.reset();
      long size = 0;
      while (true) {
        header(frame, seq, BYTES);
        int start = frame.position();
        frame.limit(start + CHUNK);
        int n = channel.read(frame);
        if (n <= 0) {
          break;
        }
        digest.update(frame.array(), start, n);
        size += n;
        out.send(frame.flip());
      }
      byte[] sum = digest.digest();
      out.send(header(frame, seq, END).put(sum).flip());
      return new DroneFile(name, false, size, HexFormat.of().formatHex(sum), null);
    }
  }

  private static ByteBuffer header(ByteBuffer frame, long seq, byte kind) {
    return frame.clear().putLong(seq).put(kind);
  }

  private static byte[] utf8(String name) {
    byte[] bytes = name.getBytes(UTF_8);
    if (bytes.length > MAX_FRAME - 32) {
      throw new IllegalArgumentException("a path of " + bytes.length + " bytes is too long");
    }
    return bytes;
  }

  private static String name(Path base, Path path) {
    return base.relativize(path).toString().replace('\\', '/');
  }

  /** The request number a frame belongs to. */
  public static long seqOf(ByteBuffer frame) {
    if (frame.remaining() < 9) {
      throw new IllegalArgumentException(
          "a folder frame of " + frame.remaining() + " bytes; each has at least 9");
    }
    return frame.getLong(frame.position());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  /**
   * The master's side: writes the frames of one stream under a target folder (files {@code 0600},
   * folders {@code 0700}), hashing each file as it is written. The first thing wrong (a path that
   * leaves the target, a frame out of order, a file whose bytes do not match what the worker read)
   * stops the writing and is what {@link #finish} reports.
   */
  public static final class Receiver {
    private final Path target;
    private final MessageDigest digest = sha256();
    private final Map<String, DroneFile> received = new LinkedHashMap<>();
    private String error;
    private String file;
    private long expected;
    private long written;
    private java.nio.channels.SeekableByteChannel output;
    private volatile long lastFrame = System.nanoTime();

    /**
     * @param target the folder the copy goes to; what is there is replaced
     */
    public Receiver(Path target) throws IOException {
      this.target = target.toAbsolutePath().normalize();
      if (Files.exists(this.target, LinkOption.NOFOLLOW_LINKS)) {
        PrivateFiles.deleteTree(this.target);
      }
      PrivateFiles.createDirectories(this.target);
    }

    /** When the last frame came, in {@link System#nanoTime()}: a stalled stream is given up. */
    public long lastFrame() {
      return lastFrame;
    }

    /** Takes one frame of the stream (its number already matched). */
    public synchronized void accept(ByteBuffer frame) {
      lastFrame = System.nanoTime();
      if (error != null) {
        return;
      }
      try {
        ByteBuffer payload = frame.duplicate();
        payload.position(payload.position() + 8);
        byte kind = payload.get();
        switch (kind) {
          case FOLDER -> PrivateFiles.createDirectories(inside(string(payload)));
          case FILE -> begin(payload);
          case BYTES -> write(payload);
          case END -> end(payload);
          default -> throw new HangarException("a folder frame of unknown kind " + kind);
        }
      } catch (IOException | RuntimeException e) { // the stream's boundary: finish reports it
        error = e.getMessage() == null ? e.toString() : e.getMessage();
        closeQuietly();
      }
    }

    private void begin(ByteBuffer payload) throws IOException {
      if (file != null) {
        throw new HangarException("file " + file + " did not end before the next began");
      }
      expected = payload.getLong();
      file = string(payload);
      Path local = inside(file);
      PrivateFiles.createDirectories(local.getParent());
      // New: the folder was emptied, so a file sent twice is refused, not mixed.
      output =
          Files.newByteChannel(
              local,
              java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              PrivateFiles.fileAttributes());
      written = 0;
      digest.reset();
    }

    private void write(ByteBuffer payload) throws IOException {
      if (file == null) {
        throw new HangarException("file bytes came before their file began");
      }
      int n = payload.remaining();
      written += n;
      if (written > expected) {
        throw new HangarException(file + " is longer than the " + expected + " bytes announced");
      }
      digest.update(payload.duplicate());
      while (payload.hasRemaining()) {
        output.write(payload);
      }
    }

    private void end(ByteBuffer payload) throws IOException {
      if (file == null) {
        throw new HangarException("a file ended that did not begin");
      }
      byte[] theirs = new byte[32];
      payload.get(theirs);
      output.close();
      output = null;
      String ours = HexFormat.of().formatHex(digest.digest());
      if (!ours.equals(HexFormat.of().formatHex(theirs))) {
        throw new HangarException(file + " arrived with another SHA-256 than the worker read");
      }
      if (written != expected) {
        throw new HangarException(
            file + " ended after " + written + " of the " + expected + " bytes announced");
      }
      received.put(file, new DroneFile(file, false, written, ours, null));
      file = null;
    }

    private Path inside(String relative) {
      Path local = target.resolve(relative).normalize();
      if (relative.isEmpty()
          || relative.indexOf('\0') >= 0
          || Path.of(relative).isAbsolute()
          || !local.startsWith(target)
          || local.equals(target)) {
        throw new HangarException("the worker sent a path outside the folder: " + relative);
      }
      return local;
    }

    private static String string(ByteBuffer payload) {
      byte[] bytes = new byte[payload.remaining()];
      payload.get(bytes);
      return new String(bytes, UTF_8);
    }

    private void closeQuietly() {
      if (output != null) {
        try {
          output.close();
        } catch (IOException e) {
          error = error + "; closing " + file + " failed too: " + e.getMessage();
        }
        output = null;
      }
    }

    /**
     * Checks the copy against the worker's list of what it sent: every file arrived whole with the
     * size and SHA-256 listed, and nothing else.
     *
     * @throws HangarException saying what is wrong
     */
    public synchronized void finish(List<DroneFile> listed) {
      if (error != null) {
        throw new HangarException("the copy broke off: " + error);
      }
      if (file != null) {
        closeQuietly();
        throw new HangarException("the stream stopped inside " + file);
      }
      List<String> wrong = new ArrayList<>();
      for (DroneFile f : listed) {
        if (f.directory()) {
          continue;
        }
        DroneFile got = received.get(f.path());
        if (got == null) {
          wrong.add(f.path() + " (missing)");
        } else if (got.size() != f.size() || !got.sha256().equals(f.sha256())) {
          wrong.add(f.path() + " (not as listed)");
        }
      }
      java.util.Set<String> listedNames = new java.util.HashSet<>();
      listed.forEach(f -> listedNames.add(f.path()));
      received.keySet().stream()
          .filter(name -> !listedNames.contains(name))
          .forEach(name -> wrong.add(name + " (not listed)"));
      if (!wrong.isEmpty()) {
        throw DroneFile.copyDiffers("the worker's", wrong);
      }
    }

    /** Stops writing: closes a file left open. */
    public synchronized void abandon() {
      error = error == null ? "abandoned" : error;
      closeQuietly();
    }
  }
}
