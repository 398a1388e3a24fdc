package hangar.autoserv;

/**
 * A status word of Autotest's status log. An {@code END} line carries one of the outcome words
 * ({@code END GOOD}, {@code END FAIL}...); {@link #START} and {@link #INFO} carry no outcome.
 */
public enum StatusCode {
  START,
  INFO,
  GOOD,
  WARN,
  TEST_NA,
  FAIL,
  ERROR,
  ABORT;

  /** True for the words that say how something went, as opposed to START and INFO. */
  public boolean isOutcome() {
    return this != START && this != INFO;
  }

  /**
   * The session verdict this word counts as. TEST_NA (the test does not apply to the host) counts
   * as a warning: nothing failed, but nothing passed either.
   *
   * @throws IllegalStateException for START and INFO, which are no outcome
   */
  public Verdict toVerdict() {
    return switch (this) {
      case GOOD -> Verdict.GOOD;
      case WARN, TEST_NA -> Verdict.WARN;
      case FAIL -> Verdict.FAIL;
      case ERROR -> Verdict.ERROR;
      case ABORT -> Verdict.ABORT;
      case START, INFO -> throw new IllegalStateException(this + " is no outcome; a bug");
    };
  }

  /** The status word for a verdict. */
  public static StatusCode of(Verdict verdict) {
    return switch (verdict) {
      case GOOD -> GOOD;
      case WARN -> WARN;
      case FAIL -> FAIL;
      case ERROR -> ERROR;
      case ABORT -> ABORT;
    };
  }
}
