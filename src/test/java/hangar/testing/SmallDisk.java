package hangar.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted on a folder of the test's own, standing in for a data directory on a disk
 * that fills up: {@link #fill()} takes every free byte with one file, {@link #free()} gives them
 * back, {@link #close()} unmounts. Needs root; without it the test is skipped, or fails under
 * {@code CI=true}, where every test must run.
 */
public final class SmallDisk implements AutoCloseable {
  private static final String FILLER = ".filler";

  private final Path mountPoint;

  private SmallDisk(Path mountPoint) {
    this.mountPoint = mountPoint;
  }

  /**
   * Mounts a tmpfs of {@code megabytes} on {@code mountPoint}, created if needed.
   *
   * @throws org.opentest4j.TestAbortedException when not root, outside CI
   */
  public static SmallDisk mount(Path mountPoint, int megabytes)
      throws IOException, InterruptedException {
    requireRoot("mounts a small tmpfs to fill it up");
    Files.createDirectories(mountPoint);
    run(
        "mount",
        "-t",
        "tmpfs",
        "-o",
        "size=" + megabytes + "m,mode=0700",
        "tmpfs",
        mountPoint.toString());
    return new SmallDisk(mountPoint);
  }

  /**
   * Skips the test unless it runs as root; under {@code CI=true} fails it instead.
   *
   * @param what what the test needs root for
   */
  public static void requireRoot(String what) {
    if ("root".equals(System.getProperty("user.name"))) {
      return;
    }
    String reason = "needs root: it " + what + "; running as " + System.getProperty("user.name");
    if ("true".equals(System.getenv("CI"))) {
      fail(reason + " (CI runs every test as root)");
    }
    System.err.println("SKIPPED: " + reason);
    Assumptions.abort(reason);
  }

  /** The mounted folder. */
  public Path path() {
    return mountPoint;
  }

  /** Free bytes left on the disk. */
  public long freeBytes() throws IOException {
    return Files.getFileStore(mountPoint).getUsableSpace();
  }

  /** Writes one file until the disk refuses more. */
  public void fill() throws IOException {
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(mountPoint.resolve(FILLER))) {
      while (true) {
        out.write(block);
      }
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("No space left on device")) {
        throw e;
      }
    }
    // tmpfs may keep a last page for small writes; take it with small ones.
    try (OutputStream out = Files.newOutputStream(mountPoint.resolve(FILLER + "2"))) {
      while (true) {
        out.write(1);
        out.flush();
      }
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("No space left on device")) {
        throw e;
      }
    }
  }

  /** Removes what {@link #fill()} wrote. */
  public void free() throws IOException {
    Files.deleteIfExists(mountPoint.resolve(FILLER));
    Files.deleteIfExists(mountPoint.resolve(FILLER + "2"));
  }

  /** Unmounts the disk (lazily, should a process still hold a file on it). */
  @Override
  public void close() throws IOException, InterruptedException {
    run("umount", "-l", mountPoint.toString());
  }

  private static void run(String... argv) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(List.of(argv)).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException(String.join(" ", argv) + " failed: " + out.strip());
    }
  }
}
