package hangar.drone;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Newline-delimited UTF-8 lines over any byte stream: a Unix socket today, an SSH channel or a
 * worker's TCP socket later. Lines are bounded so that a broken peer cannot fill the heap.
 */
final class Lines {
  /** The longest line accepted; a session spec carries its whole control file. */
  static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

  private final InputStream in;
  private final OutputStream out;
  private final byte[] buffer = new byte[64 * 1024];
  private int position;
  private int limit;

  Lines(InputStream in, OutputStream out) {
    this.in = in;
    this.out = new BufferedOutputStream(out);
  }

  /**
   * Reads the next line, without its newline. Scans its buffer in bulk: replies carry a MiB of
   * base64, which a byte-at-a-time read made the slowest part of a copy.
   *
   * @return the line, or null at the end of the stream
   * @throws IOException if reading fails or the line exceeds {@link #MAX_LINE_BYTES}
   */
  String read() throws IOException {
    byte[] line = null;
    int length = 0;
    while (true) {
      if (position == limit) {
        limit = in.read(buffer, 0, buffer.length);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          return length == 0 ? null : new String(line, 0, length, UTF_8);
        }
      }
      int end = position;
      while (end < limit && buffer[end] != '\n') {
        end++;
      }
      int piece = end - position;
      if (length + piece > MAX_LINE_BYTES) {
        throw new IOException("line longer than " + MAX_LINE_BYTES + " bytes; the peer is broken");
      }
      if (end < limit && line == null) {
        // The whole line sits in the buffer: the common case, one copy.
        String text = new String(buffer, position, piece, UTF_8);
        position = end + 1;
        return text;
      }
      if (line == null || line.length < length + piece) {
        line =
            Arrays.copyOf(line == null ? new byte[0] : line, Math.max(2 * (length + piece), 8192));
      }
      System.arraycopy(buffer, position, line, length, piece);
      length += piece;
      if (end < limit) {
        position = end + 1;
        return new String(line, 0, length, UTF_8);
      }
      position = limit;
    }
  }

  /**
   * Writes one line and flushes it.
   *
   * @param line text without newlines (one-line JSON)
   * @throws IOException if writing fails
   */
  void write(String line) throws IOException {
    if (line.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a protocol line must not contain a newline; bug");
    }
    out.write(line.getBytes(UTF_8));
    out.write('\n');
    out.flush();
  }
}
