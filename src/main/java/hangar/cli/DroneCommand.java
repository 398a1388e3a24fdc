package hangar.cli;

import picocli.CommandLine.Command;

/** {@code hangar drone}. (Skeleton.) */
@Command(name = "drone", description = "(not written yet)")
public final class DroneCommand implements Runnable {
  @Override
  public void run() {
    throw new UnsupportedOperationException("hangar drone is not written yet");
  }
}
