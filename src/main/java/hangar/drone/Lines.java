package hangar.drone;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Newline-delimited UTF-8 lines over any byte stream: a Unix socket today, an SSH channel or a
 * worker's TCP socket later. Lines are bounded so that a broken peer cannot fill the heap.
 */
final class Lines {
  /** The longest line accepted; a session spec carries its whole control file. */
  static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

  private final InputStream in;
  private final OutputStream out;

  Lines(InputStream in, OutputStream out) {
    this.in = new BufferedInputStream(in);
    this.out = new BufferedOutputStream(out);
  }

  /**
   * Reads the next line, without its newline.
   *
   * @return the line, or null at the end of the stream
   * @throws IOException if reading fails or the line exceeds {@link #MAX_LINE_BYTES}
   */
  String read() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        return line.toString(UTF_8);
      }
      if (line.size() >= MAX_LINE_BYTES) {
        throw new IOException("line longer than " + MAX_LINE_BYTES + " bytes; the peer is broken");
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toString(UTF_8);
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
