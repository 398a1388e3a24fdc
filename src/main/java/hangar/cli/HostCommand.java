package hangar.cli;

import picocli.CommandLine.Command;

/** {@code hangar host}. (Skeleton.) */
@Command(name = "host", description = "(not written yet)")
public final class HostCommand implements Runnable {
  @Override
  public void run() {
    throw new UnsupportedOperationException("hangar host is not written yet");
  }
}
