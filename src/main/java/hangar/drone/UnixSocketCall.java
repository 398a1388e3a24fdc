package hangar.drone;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** One request line and its reply over a fresh connection to a daemon's Unix socket. */
final class UnixSocketCall {
  private UnixSocketCall() {}

  /**
   * Connects, sends {@code line} and reads the reply line; a daemon that hangs does not hang the
   * caller: the connection is closed once {@code timeout} passed.
   *
   * @param patience how long to keep trying the connect while the daemon's accept queue is full
   * @return the reply, or null when the daemon closed the connection without one
   * @throws IOException when the daemon cannot be reached or the connection broke
   */
  static String exchange(
      UnixDomainSocketAddress address, String line, Duration patience, Duration timeout)
      throws IOException {
    try (SocketChannel channel = connect(address, patience)) {
      CountDownLatch done = new CountDownLatch(1);
      Thread.ofVirtual()
          .name("hangar-drone-call-timeout")
          .start(() -> closeAfterTimeout(channel, done, timeout));
      try {
        Lines lines =
            new Lines(Channels.newInputStream(channel), Channels.newOutputStream(channel));
        lines.write(line);
        return lines.read();
      } finally {
        done.countDown();
      }
    }
  }

  /**
   * Opens a connection, waiting a little when the daemon's accept queue is full: a burst of callers
   * must queue up, not fail. Only the connect is tried again, never a sent request.
   */
  private static SocketChannel connect(UnixDomainSocketAddress address, Duration patience)
      throws IOException {
    long pause = 1;
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      try {
        return SocketChannel.open(address);
      } catch (java.net.SocketException e) {
        boolean busy = e.getMessage() != null && e.getMessage().contains("temporarily unavailable");
        if (!busy || System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting to reach the drone");
      }
      pause = Math.min(pause * 2, 50);
    }
  }

  private static void closeAfterTimeout(
      SocketChannel channel, CountDownLatch done, Duration timeout) {
    try {
      if (!done.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        channel.close();
      }
    } catch (InterruptedException | IOException e) {
      // Nothing to do: the call itself reports what went wrong.
    }
  }
}
