package hangar.cli;

import hangar.lab.HostStatus;
import hangar.lab.JobStatus;
import hangar.lab.Names;
import hangar.lab.Priority;
import hangar.lab.Protection;
import hangar.lab.RebootAfter;
import hangar.lab.RebootBefore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Picocli converters from what users type ({@code "do not repair"}, {@code high}, {@code 1.5}) to
 * what the API takes (display names, priority numbers) or what commands need (durations), and names
 * checked by the same rule as the server's, so a bad one is refused before anything is sent. A bad
 * value is a usage error that lists the accepted ones.
 */
public final class Converters {
  private Converters() {}

  private static <T> T convert(String text, Function<String, T> parser) {
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  /** A host name, checked by the rule the server checks ({@link Names#host}). */
  public static final class HostName implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return Converters.convert(value, Names::host);
    }
  }

  /** A label name ({@link Names#label}). */
  public static final class LabelName implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return Converters.convert(value, Names::label);
    }
  }

  /** An atomic group name ({@link Names#atomicGroup}). */
  static final class AtomicGroupName implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return Converters.convert(value, Names::atomicGroup);
    }
  }

  /** A job name ({@link Names#job}). */
  static final class JobName implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return Converters.convert(value, Names::job);
    }
  }

  /** A drone or worker name ({@link Names#drone}). */
  static final class DroneName implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return Converters.convert(value, Names::drone);
    }
  }

  /** A host protection level, as its display name ("Do not repair"). */
  public static final class ProtectionName implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return Converters.convert(value, v -> Protection.parse(v).displayName());
    }
  }

  /** A host status, as its display name ("Repair Failed"). */
  public static final class HostStatusName implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return Converters.convert(value, v -> HostStatus.parse(v).displayName());
    }
  }

  /** A job status, as its display name ("Completed"). */
  static final class JobStatusName implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return Converters.convert(value, v -> JobStatus.parse(v).displayName());
    }
  }

  /** A priority name ({@code low|medium|high|urgent}), as its number 0..3. */
  static final class PriorityValue implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return Converters.convert(value, v -> Priority.parse(v).value());
    }
  }

  /** A reboot-before choice, as its display name ("If dirty"). */
  static final class RebootBeforeName implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return Converters.convert(value, v -> RebootBefore.parse(v).displayName());
    }
  }

  /** A reboot-after choice, as its display name ("If all tests passed"). */
  static final class RebootAfterName implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return Converters.convert(value, v -> RebootAfter.parse(v).displayName());
    }
  }

  /** A number of seconds, fractions allowed, not negative. */
  static final class Seconds implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      BigDecimal seconds;
      try {
        seconds = new BigDecimal(value.strip());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a number of seconds");
      }
      if (seconds.signum() < 0) {
        throw new TypeConversionException("'" + value + "' seconds must not be negative");
      }
      return Duration.ofNanos(seconds.movePointRight(9).longValue());
    }
  }

  /** A number of hours, fractions allowed, as whole minutes (rounded up), at least one. */
  static final class HoursAsMinutes implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      BigDecimal hours;
      try {
        hours = new BigDecimal(value.strip());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a number of hours");
      }
      if (hours.signum() <= 0) {
        throw new TypeConversionException("'" + value + "' hours must be more than zero");
      }
      return hours
          .multiply(BigDecimal.valueOf(60))
          .setScale(0, RoundingMode.CEILING)
          .intValueExact();
    }
  }
}
