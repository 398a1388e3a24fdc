package hangar.autoserv.sandbox;

/**
 * Text handed to a regular expression, which charges the session's budget as the matcher reads it:
 * a pattern that backtracks without end ({@code (a+)+b} against many {@code a}s) reads without end,
 * and the budget stops it where a thread interrupt would not.
 */
final class BoundedText implements CharSequence {
  private static final int READS_PER_STEP = 16;

  private final CharSequence text;
  private final Budget budget;
  private int reads;

  BoundedText(CharSequence text, Budget budget) {
    this.text = text;
    this.budget = budget;
  }

  @Override
  public char charAt(int index) {
    if (++reads >= READS_PER_STEP) {
      reads = 0;
      budget.charge(1);
    }
    return text.charAt(index);
  }

  @Override
  public int length() {
    return text.length();
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new BoundedText(text.subSequence(start, end), budget);
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
