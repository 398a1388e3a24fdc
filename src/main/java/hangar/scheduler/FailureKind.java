package hangar.scheduler;

/** What went wrong, as the {@code kind} label of {@code hangar_scheduler_failures_total}. */
enum FailureKind {
  /** The drone answered but would not take a session; the entry was requeued. */
  DRONE_REFUSED("drone_refused"),
  /** The drone did not answer a start or a poll of its sessions. */
  DRONE_UNREACHABLE("drone_unreachable"),
  /** A Running entry whose session the drone no longer knows; the entry failed. */
  LOST_SESSION("lost_session"),
  /** A tick ended with an exception; the next tick tries again. */
  TICK_ERROR("tick_error");

  private final String label;

  FailureKind(String label) {
    this.label = label;
  }

  /** The label value. */
  String label() {
    return label;
  }
}
