package hangar.lab;

import hangar.HangarException;

/** A job that no host of the lab could ever run as asked; it is refused and nothing is created. */
public class InfeasibleJobException extends HangarException {
  private static final long serialVersionUID = 1L;

  public InfeasibleJobException(String message) {
    super(message);
  }
}
