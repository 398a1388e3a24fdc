package hangar.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hangar.config.DbType;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A short fault campaign on H2: every fault strikes {@value #TRIALS} trials of a real lab (server,
 * schedulers, drone, worker, sshd hosts, a tmpfs data disk) and no invariant may break. Needs root
 * for the tmpfs, as CI runs it.
 */
class FaultCampaignTest {
  private static final int TRIALS = 2;

  /**
   * Faults Hangar does not survive yet, as docs/reliability.md records: their trials run with the
   * others and their violations are printed, but only the other faults' violations fail the test. A
   * fault leaves this set once its recovery is in; then the test covers it too. The scheduler kill
   * is here because on H2 the killed scheduler may be the process serving the database file, and
   * acknowledged jobs were lost with it.
   */
  private static final Set<Fault> NOT_YET_SURVIVED =
      Set.of(Fault.DRONE_KILL, Fault.DISK_FULL, Fault.DATABASE, Fault.SCHEDULER_KILL);

  @Test
  void every_fault_strikes_and_the_survived_ones_break_no_invariant() throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "the fault campaign needs root (a tmpfs data disk)");

    List<Trial.Outcome> outcomes =
        FaultCampaign.run(
            new FaultCampaign.Options(TRIALS, DbType.H2, Arrays.asList(Fault.values()), 2),
            System.out);

    assertThat(outcomes).extracting(Trial.Outcome::fault).contains(Fault.values());
    assertThat(
            outcomes.stream()
                .filter(o -> !NOT_YET_SURVIVED.contains(o.fault()))
                .flatMap(
                    o ->
                        o.violations().stream()
                            .map(v -> "trial " + o.number() + " " + o.fault().label() + ": " + v)))
        .isEmpty();
  }
}
