package hangar.drone;

import hangar.autoserv.SessionSpec;
import hangar.lab.ControlType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A scheduler stand-in run as its own JVM by tests: creates the localhost drone (starting its
 * daemon), starts one session, prints {@code started <daemon pid>}, then waits on stdin until it is
 * killed. Arguments: drone folder, session id, control file text, results folder.
 */
public final class SessionClientMain {
  private SessionClientMain() {}

  /** Runs the stand-in. */
  public static void main(String[] args) throws IOException {
    LocalDrone drone = LocalDrone.create(Path.of(args[0]), ShellSessionRunner.class);
    drone.start(
        new SessionSpec(
            args[1],
            1,
            "alice",
            "job",
            ControlType.CLIENT,
            args[2],
            List.of("localhost"),
            Path.of(args[3])));
    System.out.println("started " + drone.ping().pid());
    System.out.flush();
    while (System.in.read() != -1) {
      // waits to be killed, as a scheduler that crashes
    }
  }
}
