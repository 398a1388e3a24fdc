package hangar.drone;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** The JSON mapping of the drone protocol and of the session files. */
final class DroneJson {
  private DroneJson() {}

  /**
   * A mapper writing one-line JSON: instants as ISO-8601 text, paths as plain strings (not URIs),
   * unknown fields ignored so that a newer peer can add fields.
   */
  static ObjectMapper create() {
    SimpleModule paths = new SimpleModule("hangar-paths");
    paths.addSerializer(Path.class, new PathSerializer());
    paths.addDeserializer(Path.class, new PathDeserializer());
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .registerModule(paths)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .disable(SerializationFeature.INDENT_OUTPUT)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  private static final class PathSerializer extends StdSerializer<Path> {
    private static final long serialVersionUID = 1L;

    PathSerializer() {
      super(Path.class);
    }

    @Override
    public void serialize(Path value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(value.toString());
    }
  }

  private static final class PathDeserializer extends StdDeserializer<Path> {
    private static final long serialVersionUID = 1L;

    PathDeserializer() {
      super(Path.class);
    }

    @Override
    public Path deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      String text = parser.getValueAsString();
      try {
        return Path.of(text);
      } catch (InvalidPathException e) {
        return (Path) context.handleWeirdStringValue(Path.class, text, "not a path: %s", e);
      }
    }
  }
}
