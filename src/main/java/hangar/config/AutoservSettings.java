package hangar.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@code [AUTOSERV]} section: how sessions run on a drone.
 *
 * @param testsPath folders holding users' tests, one folder with a {@code test.ini} per test
 *     ({@code tests_path}, comma-separated absolute paths; default none)
 */
public record AutoservSettings(List<Path> testsPath) {
  public AutoservSettings {
    testsPath = List.copyOf(testsPath);
  }

  /** No tests path: only the built-in tests. */
  public static AutoservSettings defaults() {
    return new AutoservSettings(List.of());
  }
}
