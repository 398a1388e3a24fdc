package hangar.cli;

import picocli.CommandLine.Command;

/** {@code hangar server}. (Skeleton.) */
@Command(name = "server", description = "(not written yet)")
public final class ServerCommand implements Runnable {
  @Override
  public void run() {
    throw new UnsupportedOperationException("hangar server is not written yet");
  }
}
