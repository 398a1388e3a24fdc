package hangar.store;

import hangar.lab.AclViolationException;
import hangar.lab.InfeasibleJobException;
import hangar.lab.JobRequest;

/** Says which job of a batch a refusal is about, keeping the refusal's kind (and HTTP status). */
final class JobBatch {
  private JobBatch() {}

  /**
   * The refusal {@code e} of job {@code index} (from 0) of {@code size}, with {@code job 4 of 40
   * ('name'): } before its message; an exception of a kind callers do not map is returned as it is.
   */
  static RuntimeException about(RuntimeException e, int index, int size, JobRequest request) {
    String message =
        "job " + (index + 1) + " of " + size + " ('" + request.name() + "'): " + e.getMessage();
    return switch (e) {
      case NotFoundException n -> new NotFoundException(message, n);
      case ForbiddenException f -> new ForbiddenException(message);
      case AclViolationException a -> new AclViolationException(message);
      case InfeasibleJobException i -> new InfeasibleJobException(message);
      case ConflictException c -> new ConflictException(message, c);
      case IllegalArgumentException i -> new IllegalArgumentException(message, i);
      default -> e;
    };
  }
}
