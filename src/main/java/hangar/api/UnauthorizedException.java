package hangar.api;

import hangar.HangarException;

/** A write came without the token, or with a wrong one. */
final class UnauthorizedException extends HangarException {
  private static final long serialVersionUID = 1L;

  UnauthorizedException(String message) {
    super(message);
  }
}
