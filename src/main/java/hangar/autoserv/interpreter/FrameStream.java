package hangar.autoserv.interpreter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Frames as lines of JSON over a pair of streams (a process's standard input and output). Reading
 * is bounded: a line longer than the limit, a string past it or nesting deeper than 200 ends the
 * stream with an error rather than filling the reader's memory. Writing is safe from many threads.
 */
public final class FrameStream {
  private static final int MAX_NESTING = 200;

  private final InputStream in;
  private final OutputStream out;
  private final int maxLine;
  private final ObjectMapper json;

  /**
   * Wraps the streams.
   *
   * @param in where frames come from
   * @param out where frames go
   * @param maxLine the longest line read, in bytes
   */
  public FrameStream(InputStream in, OutputStream out, int maxLine) {
    this.in = new BufferedInputStream(in, 1 << 16);
    this.out = out;
    this.maxLine = maxLine;
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxStringLength(maxLine)
                    .maxNestingDepth(MAX_NESTING)
                    .maxNumberLength(1000)
                    .build())
            .build();
    this.json =
        JsonMapper.builder(factory)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
  }

  /**
   * The next frame, or empty at the end of the stream.
   *
   * @throws IOException if reading fails, or the line is too long or not a frame
   */
  public Optional<Frame> read() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      if (line.size() >= maxLine) {
        throw new IOException("a frame is longer than " + maxLine + " bytes; the stream is closed");
      }
      line.write(b);
    }
    if (b == -1 && line.size() == 0) {
      return Optional.empty();
    }
    try {
      Frame frame = json.readValue(line.toByteArray(), Frame.class);
      if (frame == null || frame.session() == null) {
        throw new IOException("a frame names no session");
      }
      return Optional.of(frame);
    } catch (JsonProcessingException e) {
      byte[] bytes = line.toByteArray();
      String start = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8);
      throw new IOException(
          "not a frame: '" + start.strip() + "' (" + e.getOriginalMessage() + ")", e);
    }
  }

  /**
   * Writes one frame and flushes it.
   *
   * @throws IOException if the stream is closed
   */
  public void write(Frame frame) throws IOException {
    byte[] bytes = json.writerFor(Frame.class).writeValueAsBytes(frame);
    synchronized (out) {
      out.write(bytes);
      out.write('\n');
      out.flush();
    }
  }
}
