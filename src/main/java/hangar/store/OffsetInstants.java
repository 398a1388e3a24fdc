package hangar.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Instants as {@code TIMESTAMP WITH TIME ZONE} values, for the databases that have that type. */
final class OffsetInstants {
  private OffsetInstants() {}

  static Object toJdbc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  static Instant fromJdbc(Object value) {
    return ((OffsetDateTime) value).toInstant();
  }
}
