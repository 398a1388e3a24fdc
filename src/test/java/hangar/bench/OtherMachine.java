package hangar.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import hangar.testing.HangarProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A second machine inside this one, for a scheduler of the lab: a UTS namespace with a host name of
 * its own ({@value #NAME}, which a hosts file of its own resolves) and a mount namespace in which
 * the server's data directory has a {@code drone/} folder of its own. So its scheduler is named
 * after another machine, and its {@code localhost} drone is another daemon with other sessions, as
 * on another machine; it shares this machine's network, database and hosts under test. Needs root.
 */
final class OtherMachine {
  /** Its host name. */
  static final String NAME = "machine-b";

  // $1 hosts file, $2 its drone folder, $3 the drone folder it hides; then the command.
  private static final String ENTER =
      "hostname "
          + NAME
          + " && mount --bind \"$1\" /etc/hosts"
          + " && mkdir -p -m 700 \"$3\" && mount --bind \"$2\" \"$3\""
          + " && shift 3 && exec \"$@\"";

  private final Path hosts;
  private final Path droneDir;
  private final Path hidden;

  private OtherMachine(Path hosts, Path droneDir, Path hidden) {
    this.hosts = hosts;
    this.droneDir = droneDir;
    this.hidden = hidden;
  }

  /**
   * Makes its folder under {@code siteDir}: the hosts file and the drone folder.
   *
   * @param data the server's data directory, whose {@code drone/} it has its own of
   */
  static OtherMachine create(Path siteDir, Path data) throws IOException {
    Path dir = Files.createDirectories(siteDir.resolve(NAME));
    Path hosts =
        Files.writeString(
            dir.resolve("hosts"),
            Files.readString(Path.of("/etc/hosts"), UTF_8) + "\n127.0.1.2 " + NAME + "\n");
    Path drone = Files.createDirectories(dir.resolve("drone"));
    Files.setPosixFilePermissions(drone, PosixFilePermissions.fromString("rwx------"));
    return new OtherMachine(hosts, drone, data.resolve("drone"));
  }

  /** Its {@code localhost} drone's folder, as this machine sees it. */
  Path droneDir() {
    return droneDir;
  }

  /** Starts {@code hangar args...} on it, appending its output to {@code log}. */
  HangarProcess start(Path log, String... args) {
    return HangarProcess.startBehind(
        List.of(
            "unshare",
            "--uts",
            "--mount",
            "--propagation",
            "private",
            "/bin/sh",
            "-c",
            ENTER,
            "sh",
            hosts.toString(),
            droneDir.toString(),
            hidden.toString()),
        log,
        args);
  }
}
