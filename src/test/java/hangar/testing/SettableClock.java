package hangar.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** A clock tests move by hand. Starts at a whole second so databases store it exactly. */
public final class SettableClock extends Clock {
  private volatile Instant now;

  public SettableClock() {
    this(Instant.parse("2026-03-01T10:15:30Z"));
  }

  public SettableClock(Instant start) {
    this.now = start.truncatedTo(ChronoUnit.MICROS);
  }

  /** Moves the clock forward. */
  public void advance(Duration by) {
    now = now.plus(by);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a settable clock stays in UTC");
  }

  @Override
  public Instant instant() {
    return now;
  }
}
