package hangar.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small disk of a test's own: a tmpfs of a fixed size mounted on a folder the test names, so that
 * a server's data directory can be filled up to the last byte and freed again without touching the
 * machine's disks. {@link #close()} unmounts it, and so does a JVM that exits before. Needs root.
 */
public final class DataDisk implements AutoCloseable {
  private static final String FILLER = ".disk-filler";
  private static final int CHUNK = 1 << 20;

  private final Path mountPoint;
  private final Thread unmountAtExit;
  private boolean mounted = true;

  private DataDisk(Path mountPoint) {
    this.mountPoint = mountPoint;
    this.unmountAtExit = Thread.ofPlatform().unstarted(this::unmount);
  }

  /**
   * Mounts a tmpfs of {@code megabytes} on {@code mountPoint} (created if needed).
   *
   * @throws IllegalStateException if mount fails, with its output
   */
  public static DataDisk mount(Path mountPoint, int megabytes) throws IOException {
    if (megabytes < 1) {
      throw new IllegalArgumentException("a disk needs at least 1 MB, was " + megabytes);
    }
    Files.createDirectories(mountPoint);
    run(
        List.of(
            "mount",
            "-t",
            "tmpfs",
            "-o",
            "size=" + megabytes + "m,mode=0755",
            "hangar-test-disk",
            mountPoint.toString()));
    DataDisk disk = new DataDisk(mountPoint);
    Runtime.getRuntime().addShutdownHook(disk.unmountAtExit);
    return disk;
  }

  /** The folder the disk is mounted on. */
  public Path root() {
    return mountPoint;
  }

  /** Free bytes on the disk, as {@code df} counts them. */
  public long freeBytes() throws IOException {
    return Files.getFileStore(mountPoint).getUsableSpace();
  }

  /**
   * Fills the disk until a write fails for lack of space: a file of zeros in its root.
   *
   * @return the bytes written
   */
  public long fill() throws IOException {
    long written = 0;
    ByteBuffer big = ByteBuffer.allocate(CHUNK);
    ByteBuffer small = ByteBuffer.allocate(4096);
    try (FileChannel out =
        FileChannel.open(
            mountPoint.resolve(FILLER),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND)) {
      for (ByteBuffer chunk : List.of(big, small)) {
        while (true) {
          chunk.clear();
          try {
            while (chunk.hasRemaining()) {
              written += out.write(chunk);
            }
          } catch (IOException e) {
            if (freeBytes() >= chunk.capacity()) {
              throw e; // not a full disk: something else went wrong
            }
            break; // full for this size: go on with smaller writes, or stop
          }
        }
      }
    }
    return written;
  }

  /** Frees what {@link #fill()} took. */
  public void free() throws IOException {
    Files.deleteIfExists(mountPoint.resolve(FILLER));
  }

  /** Unmounts the disk (lazily, should a process still hold a file on it). */
  @Override
  public void close() {
    unmount();
    try {
      Runtime.getRuntime().removeShutdownHook(unmountAtExit);
    } catch (IllegalStateException e) {
      // The JVM is exiting: the hook unmounts, which is harmless a second time.
    }
  }

  private synchronized void unmount() {
    if (!mounted) {
      return;
    }
    try {
      run(List.of("umount", "-l", mountPoint.toString()));
      mounted = false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unmount " + mountPoint, e);
    }
  }

  private static void run(List<String> command) throws IOException {
    Path output = Files.createTempFile("data-disk-", ".out");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(command + " did not end within 60 s");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            command
                + " failed with status "
                + process.exitValue()
                + ": "
                + Files.readString(output, UTF_8)
                + " (a test disk needs root)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted running " + command, e);
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
