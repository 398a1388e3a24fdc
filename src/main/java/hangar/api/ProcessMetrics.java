package hangar.api;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server process's own memory and threads on {@code /metrics}, so that an operator sees what
 * the JVM holds beside what the lab does.
 *
 * <ul>
 *   <li>{@code jvm_memory_used_bytes}, {@code jvm_memory_committed_bytes}, {@code
 *       jvm_memory_max_bytes} (gauges, labels {@code area} = {@code heap} or {@code nonheap} and
 *       {@code id}, the memory pool); {@code jvm_buffer_*}: direct and mapped buffers
 *   <li>{@code jvm_threads_live_threads}, {@code jvm_threads_peak_threads}, {@code
 *       jvm_threads_daemon_threads}, {@code jvm_threads_states_threads{state}} (gauges): the JVM's
 *       platform threads (virtual threads are not counted)
 *   <li>{@code process_resident_memory_bytes} and {@code process_threads} (gauges), on Linux only:
 *       the resident memory ({@code VmRSS}) and all threads of the process, native ones included,
 *       as {@code /proc/self/status} gives them
 * </ul>
 */
public final class ProcessMetrics {
  private static final Path STATUS = Path.of("/proc/self/status");

  private ProcessMetrics() {}

  /** Registers the meters above in {@code registry}. */
  public static void bindTo(MeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    if (Files.isReadable(STATUS)) {
      Gauge.builder("process.resident.memory", () -> statusField("VmRSS") * 1024)
          .description("Resident memory of the process (VmRSS)")
          .baseUnit("bytes")
          .register(registry);
      Gauge.builder("process.threads", () -> statusField("Threads"))
          .description("Threads of the process, native threads included")
          .register(registry);
    }
  }

  /** The number a line of {@code /proc/self/status} starts with (kB for sizes). */
  static long statusField(String field) {
    String prefix = field + ":";
    try {
      for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
        if (line.startsWith(prefix)) {
          return Long.parseLong(line.substring(prefix.length()).strip().split("\\s+")[0]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + STATUS, e);
    }
    throw new IllegalStateException(
        "no " + field + " line in " + STATUS + "; this kernel writes it differently");
  }
}
