package hangar.cli;

import picocli.CommandLine.Command;

/** {@code hangar job}. (Skeleton.) */
@Command(name = "job", description = "(not written yet)")
public final class JobCommand implements Runnable {
  @Override
  public void run() {
    throw new UnsupportedOperationException("hangar job is not written yet");
  }
}
