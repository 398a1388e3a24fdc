package hangar.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hangar.config.DbType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A short fault campaign on H2: every fault strikes {@value #TRIALS} trials of a real lab (server,
 * schedulers, drone, worker, sshd hosts, a tmpfs data disk) and no invariant may break. Needs root
 * for the tmpfs, as CI runs it.
 */
class FaultCampaignTest {
  private static final int TRIALS = 2;

  @Test
  void every_fault_strikes_and_no_invariant_breaks() throws Exception {
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
                .flatMap(
                    o ->
                        o.violations().stream()
                            .map(v -> "trial " + o.number() + " " + o.fault().label() + ": " + v)))
        .isEmpty();
  }
}
