package hangar.host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How Hangar reaches hosts over SSH: which private keys it offers, which known-hosts file vouches
 * for host keys, and whether a host key not yet known may be accepted and pinned.
 *
 * @param identities private key files offered, in order; those missing are skipped
 * @param knownHosts the known-hosts file ({@code [host]:port} entries for other ports than 22)
 * @param acceptNewHostKey true to accept a host whose key the file does not hold yet and add it
 *     there; a key that differs from the one on file is refused either way
 * @param connectTimeout how long connecting and authenticating may take
 * @param keepalive how often an idle connection sends a keepalive
 */
public record SshSettings(
    List<Path> identities,
    Path knownHosts,
    boolean acceptNewHostKey,
    Duration connectTimeout,
    Duration keepalive) {
  public SshSettings {
    identities = List.copyOf(identities);
    Objects.requireNonNull(knownHosts, "knownHosts");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(keepalive, "keepalive");
  }

  /**
   * Where OpenSSH looks: {@code ~/.ssh/id_ed25519} and {@code ~/.ssh/id_rsa}, checked against
   * {@code ~/.ssh/known_hosts}, strictly.
   *
   * @param home the user's home folder
   */
  public static SshSettings openSshDefaults(Path home) {
    Path ssh = home.resolve(".ssh");
    return new SshSettings(
        List.of(ssh.resolve("id_ed25519"), ssh.resolve("id_rsa")),
        ssh.resolve("known_hosts"),
        false,
        Duration.ofSeconds(30),
        Duration.ofSeconds(15));
  }

  /** These settings, accepting and pinning host keys not yet known. */
  public SshSettings acceptingNewHostKeys() {
    return new SshSettings(identities, knownHosts, true, connectTimeout, keepalive);
  }

  /** The identity files that exist. */
  /**
   * The OpenSSH {@code ssh} command line (for {@code rsync -e}) that logs in as these settings do:
   * the same keys and known hosts, strict checking, never asking anything; connecting gives up
   * after {@link #connectTimeout()}, and a link that stops answering is dropped after three missed
   * keepalives, so a drone whose network drops without a reset cannot hold a copy for ever.
   */
  public String sshCommandLine(int port) {
    List<String> argv = new java.util.ArrayList<>();
    argv.addAll(
        List.of(
            "ssh",
            "-p",
            Integer.toString(port),
            "-o",
            "BatchMode=yes",
            "-o",
            "StrictHostKeyChecking=yes",
            "-o",
            "UserKnownHostsFile=" + knownHosts,
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "ConnectTimeout=" + Math.max(1, connectTimeout.toSeconds()),
            "-o",
            "ServerAliveInterval=" + Math.max(1, keepalive.toSeconds()),
            "-o",
            "ServerAliveCountMax=3"));
    for (Path identity : presentIdentities()) {
      argv.add("-i");
      argv.add(identity.toString());
    }
    return Shell.join(argv);
  }

  public List<Path> presentIdentities() {
    return identities.stream().filter(Files::isReadable).toList();
  }
}
