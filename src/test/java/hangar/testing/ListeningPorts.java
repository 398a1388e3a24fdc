package hangar.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP ports a process listens on, read from {@code /proc/net/tcp}, {@code /proc/net/tcp6} and
 * the process's open sockets in {@code /proc/<pid>/fd}, as {@code ss -ltnp} shows them. Linux only;
 * reading another user's process needs root.
 */
public final class ListeningPorts {
  private static final String LISTEN = "0A";

  private ListeningPorts() {}

  /**
   * One listening socket.
   *
   * @param address the local address it is bound to (IPv4-mapped addresses as IPv4)
   * @param port its port
   */
  public record Listener(InetAddress address, int port) {
    /** True when only this machine can reach it. */
    public boolean isLoopback() {
      return address.isLoopbackAddress();
    }

    @Override
    public String toString() {
      return address.getHostAddress() + ":" + port;
    }
  }

  /** The sockets {@code pid} listens on. */
  public static List<Listener> of(long pid) {
    Set<String> inodes = socketInodes(pid);
    List<Listener> found = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines;
      try {
        lines = Files.readAllLines(Path.of(table));
      } catch (NoSuchFileException e) {
        continue; // no IPv6 on this machine
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + table, e);
      }
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        if (f[3].equals(LISTEN) && inodes.contains(f[9])) {
          String[] local = f[1].split(":");
          found.add(new Listener(address(local[0]), Integer.parseInt(local[1], 16)));
        }
      }
    }
    return found;
  }

  private static Set<String> socketInodes(long pid) {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : fds.toList()) {
        String target;
        try {
          target = Files.readSymbolicLink(fd).toString();
        } catch (NoSuchFileException closed) {
          continue; // closed while listed
        }
        if (target.startsWith("socket:[")) {
          inodes.add(target.substring("socket:[".length(), target.length() - 1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the sockets of pid " + pid, e);
    }
    return inodes;
  }

  /** Decodes the kernel's hex: 32-bit words in the machine's (little-endian) order. */
  private static InetAddress address(String hex) {
    byte[] raw = HexFormat.of().parseHex(hex);
    byte[] bytes = new byte[raw.length];
    for (int word = 0; word < raw.length; word += 4) {
      for (int i = 0; i < 4; i++) {
        bytes[word + i] = raw[word + 3 - i];
      }
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(
          "the kernel listed an address of " + raw.length + " bytes", e);
    }
  }
}
