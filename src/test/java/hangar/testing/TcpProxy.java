package hangar.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder on a loopback port, standing in for the network between two machines: {@link
 * #cut()} drops every connection and refuses new ones, as a pulled cable or a firewall would;
 * {@link #restore()} lets connections through again on the same port.
 */
public final class TcpProxy implements AutoCloseable {
  private final InetSocketAddress target;
  private final int port;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile ServerSocket server;
  private volatile boolean blackholed;
  private volatile long bytesPerSecond;

  private TcpProxy(InetSocketAddress target, ServerSocket server) {
    this.target = target;
    this.server = server;
    this.port = server.getLocalPort();
    accept(server);
  }

  /** Forwards a free port of 127.0.0.1 to {@code target}. */
  public static TcpProxy to(InetSocketAddress target) throws IOException {
    return new TcpProxy(target, new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
  }

  /** The port clients connect to. */
  public int port() {
    return port;
  }

  /** Drops every connection and refuses new ones until {@link #restore()}. */
  public synchronized void cut() throws IOException {
    server.close();
    for (Socket socket : open) {
      socket.close();
    }
    open.clear();
  }

  /**
   * Swallows everything from now on: open connections stay open and carry nothing, new ones are
   * accepted and never answered, until {@link #restore()}.
   */
  public synchronized void blackhole() {
    blackholed = true;
  }

  /**
   * Paces every connection, each way, to about {@code bytesPerSecond}, as a slow link would; 0
   * lifts the limit. Applies to bytes forwarded from now on.
   */
  public void limit(long bytesPerSecond) {
    if (bytesPerSecond < 0) {
      throw new IllegalArgumentException("bytesPerSecond must be 0 or more, was " + bytesPerSecond);
    }
    this.bytesPerSecond = bytesPerSecond;
  }

  /**
   * Accepts and forwards connections again, on the same port; connections that lived through a
   * {@link #blackhole()} lost bytes, so they are closed. Does nothing when nothing was cut.
   */
  public synchronized void restore() throws IOException {
    if (blackholed) {
      blackholed = false;
      for (Socket socket : open) {
        socket.close();
      }
      open.clear();
      return;
    }
    if (!server.isClosed()) {
      return; // not cut: nothing to restore
    }
    ServerSocket again = new ServerSocket();
    again.setReuseAddress(true);
    again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    server = again;
    accept(again);
  }

  private void accept(ServerSocket listening) {
    Thread.ofVirtual()
        .start(
            () -> {
              while (!listening.isClosed()) {
                try {
                  Socket client = listening.accept();
                  open.add(client);
                  if (blackholed) {
                    Thread.ofVirtual().start(() -> swallow(client));
                    continue;
                  }
                  Socket upstream = new Socket(target.getAddress(), target.getPort());
                  open.add(upstream);
                  pump(client, upstream);
                  pump(upstream, client);
                } catch (IOException e) {
                  // closed by cut() or close(): stop accepting
                }
              }
            });
  }

  private void pump(Socket from, Socket to) {
    Thread.ofVirtual()
        .start(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                byte[] buffer = new byte[16 * 1024];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  if (!blackholed) {
                    out.write(buffer, 0, n);
                    out.flush();
                    pace(n);
                  }
                }
              } catch (IOException e) {
                // one side went away; the other is closed below
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            });
  }

  /** Sleeps as long as {@code bytes} take at the {@link #limit}, if there is one. */
  private void pace(int bytes) throws IOException {
    long rate = bytesPerSecond;
    if (rate > 0) {
      try {
        Thread.sleep(java.time.Duration.ofNanos(bytes * 1_000_000_000L / rate));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted pacing the link");
      }
    }
  }

  /** Reads and drops what a client sends while the proxy is a black hole. */
  private static void swallow(Socket client) {
    try (InputStream in = client.getInputStream()) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      // closed by restore(), cut() or the client
    } finally {
      closeQuietly(client);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    cut();
  }
}
