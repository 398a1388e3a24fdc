package hangar.testlib;

import hangar.host.CommandResult;
import hangar.host.TestHost;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * {@code sleeptest}: sleeps on the host for {@code seconds} (default 1), Autotest's smallest test.
 * It runs {@code sleep} on the host rather than in autoserv, so it also proves the host answers.
 */
final class SleepTest implements ClientTest {
  static final String NAME = "sleeptest";
  private static final Duration DEFAULT_SECONDS = Duration.ofSeconds(1);

  private final Duration seconds;

  private SleepTest(Duration seconds) {
    this.seconds = seconds;
  }

  /** Reads {@code seconds} (by name or first position). */
  static SleepTest of(TestArguments arguments) {
    arguments.checkOnly(List.of("seconds"), 1);
    return new SleepTest(arguments.findSeconds("seconds", 0).orElse(DEFAULT_SECONDS));
  }

  @Override
  public void run(TestContext context) throws InterruptedException {
    String amount = BigDecimal.valueOf(seconds.toNanos(), 9).stripTrailingZeros().toPlainString();
    CommandResult result = context.runOnHost("sleep " + amount, TestHost.NO_TIMEOUT);
    if (!result.isSuccess()) {
      throw new TestErrorException(
          "sleep " + amount + " exited with status " + result.exitStatus());
    }
  }
}
