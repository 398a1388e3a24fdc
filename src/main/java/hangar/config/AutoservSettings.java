package hangar.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The {@code [AUTOSERV]} section: how sessions run on a drone.
 *
 * @param testsPath folders holding users' tests, one folder with a {@code test.ini} per test
 *     ({@code tests_path}, comma-separated absolute paths; default none)
 * @param minFreeDiskMb the least free space, in MB, verify wants on a host's temp dir and the
 *     results folder ({@code min_free_disk_mb}; default 100)
 * @param bootWaitSeconds how long a repair or a cleanup's reboot waits for a host to come back
 *     ({@code boot_wait_seconds}; default 600)
 * @param runAs the user the control-file interpreter runs as when the drone runs as root ({@code
 *     run_as}; empty for the default, {@code nobody})
 * @param interpreterHeapMb the interpreter's largest heap in MB ({@code interpreter_heap_mb};
 *     default 256)
 * @param interpreterCpuSeconds the CPU time one session's control file may take ({@code
 *     interpreter_cpu_seconds}; default 60)
 */
public record AutoservSettings(
    List<Path> testsPath,
    long minFreeDiskMb,
    long bootWaitSeconds,
    Optional<String> runAs,
    int interpreterHeapMb,
    int interpreterCpuSeconds) {
  public AutoservSettings {
    testsPath = List.copyOf(testsPath);
  }

  /** No tests path, 100 MB free, 10 minutes to boot, the interpreter's defaults. */
  public static AutoservSettings defaults() {
    return new AutoservSettings(List.of(), 100, 600, Optional.empty(), 256, 60);
  }
}
