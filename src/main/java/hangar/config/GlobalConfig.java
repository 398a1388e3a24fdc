package hangar.config;

import java.nio.file.Path;
import java.util.List;

/** The parsed {@code global_config.ini}. (Skeleton; the config reader replaces it.) */
public record GlobalConfig(
    Path source, DatabaseSettings database, SchedulerSettings scheduler, List<String> warnings) {

  /** The built-in defaults: H2 in the data directory, one {@code localhost} drone. */
  public static GlobalConfig defaults() {
    throw new UnsupportedOperationException("config reader not written yet");
  }

  /** Reads the file, or throws ConfigException naming file, line and key. */
  public static GlobalConfig load(Path file) {
    throw new UnsupportedOperationException("config reader not written yet " + file);
  }

  /** --config, then $HANGAR_CONFIG, then ./global_config.ini, then defaults. */
  public static GlobalConfig locate(Path explicit) {
    throw new UnsupportedOperationException("config reader not written yet " + explicit);
  }
}
