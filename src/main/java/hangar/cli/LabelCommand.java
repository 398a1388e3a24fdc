package hangar.cli;

import picocli.CommandLine.Command;

/** {@code hangar label}. (Skeleton.) */
@Command(name = "label", description = "(not written yet)")
public final class LabelCommand implements Runnable {
  @Override
  public void run() {
    throw new UnsupportedOperationException("hangar label is not written yet");
  }
}
