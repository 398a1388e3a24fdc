package hangar.cli;

import picocli.CommandLine.Command;

/** {@code hangar run}. (Skeleton.) */
@Command(name = "run", description = "(not written yet)")
public final class RunCommand implements Runnable {
  @Override
  public void run() {
    throw new UnsupportedOperationException("hangar run is not written yet");
  }
}
