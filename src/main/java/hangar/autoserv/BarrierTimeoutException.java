package hangar.autoserv;

import hangar.HangarException;

/** Not every host of a parallel_simple reached a {@code job.barrier} in time. */
final class BarrierTimeoutException extends HangarException {
  private static final long serialVersionUID = 1L;

  BarrierTimeoutException(String message) {
    super(message);
  }
}
