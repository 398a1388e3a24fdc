package hangar.bench;

import hangar.config.DbType;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A fault campaign: trial after trial, tests run through a real Hangar lab ({@link FaultLab}) while
 * one fault strikes ({@link Fault}), and the invariants are checked after each ({@link Trial}):
 * every acknowledged job finished within the deadline, no test ran twice, no host held without an
 * active entry, no process left behind, every acknowledged job still there. Prints a table of the
 * trials, the violations and a {@code RESULT} line. Run it with {@code bin/benchmark faults
 * [--trials N] [--db h2|postgresql|mysql] [--faults a,b,...] [--ssh-hosts N]}; see
 * docs/reliability.md. Needs root (a tmpfs, sshd daemons).
 */
public final class FaultCampaign {
  /**
   * What to run.
   *
   * @param trials trials of each fault
   * @param db the database
   * @param faults the faults, in the order given
   * @param sshHosts hosts under test reached over SSH, beside {@code localhost}
   */
  record Options(int trials, DbType db, List<Fault> faults, int sshHosts) {
    public Options {
      if (trials < 1) {
        throw new IllegalArgumentException("--trials must be at least 1, was " + trials);
      }
      if (sshHosts < 0 || sshHosts > 8) {
        throw new IllegalArgumentException("--ssh-hosts must be 0 to 8, was " + sshHosts);
      }
      faults = List.copyOf(faults);
    }

    static Options parse(String... args) {
      int trials = 3;
      DbType db = DbType.H2;
      List<Fault> faults = List.of(Fault.values());
      int sshHosts = 2;
      for (int i = 0; i < args.length; i += 2) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(args[i] + " needs a value");
        }
        String value = args[i + 1];
        switch (args[i]) {
          case "--trials" -> trials = Integer.parseInt(value);
          case "--db" -> db = DbType.valueOf(value.toUpperCase(Locale.ROOT));
          case "--faults" -> faults = Arrays.stream(value.split(",")).map(Fault::of).toList();
          case "--ssh-hosts" -> sshHosts = Integer.parseInt(value);
          default ->
              throw new IllegalArgumentException(
                  "unknown option "
                      + args[i]
                      + "; use --trials N --db h2|postgresql|mysql --faults a,b --ssh-hosts N");
        }
      }
      return new Options(trials, db, faults, sshHosts);
    }
  }

  private FaultCampaign() {}

  /** Entry point; arguments as the class comment says. Exits 1 when an invariant broke. */
  public static void main(String[] args) throws Exception {
    List<Trial.Outcome> outcomes = run(Options.parse(args), System.out);
    System.exit(outcomes.stream().allMatch(o -> o.violations().isEmpty()) ? 0 : 1);
  }

  /**
   * Builds the lab, runs the trials, prints the table, takes the lab down.
   *
   * @return every trial's outcome, in the order they ran
   */
  static List<Trial.Outcome> run(Options options, PrintStream out) throws Exception {
    List<Trial.Outcome> outcomes = new ArrayList<>();
    long begin = System.nanoTime();
    try (FaultLab lab = FaultLab.create(options.db(), options.sshHosts())) {
      out.printf(
          "faults: lab in %s, hosts %s, %s; logs in %s%n",
          lab.site().dir(), lab.site().hosts(), options.db(), lab.logs());
      JobLedger ledger = new JobLedger();
      int number = 0;
      for (Fault fault : schedule(options)) {
        number++;
        Trial.Outcome outcome = runOne(lab, number, fault);
        // Jobs earlier trials saw finish must still be as they finished, this trial's fault
        // notwithstanding.
        if (lab.api() != null) {
          outcome = outcome.withViolations(ledger.recheck(lab.api()));
        }
        ledger.record(number, outcome.finished());
        outcomes.add(outcome);
        out.println(row(outcome));
      }
    }
    print(outcomes, options, Duration.ofNanos(System.nanoTime() - begin), out);
    return outcomes;
  }

  /** Round-robin over the faults, those of one topology together so the lab is rebuilt rarely. */
  static List<Fault> schedule(Options options) {
    List<Fault> order = new ArrayList<>();
    for (FaultLab.Topology topology : FaultLab.Topology.values()) {
      List<Fault> ofIt =
          options.faults().stream().filter(f -> f.topology() == topology).distinct().toList();
      for (int round = 0; round < options.trials(); round++) {
        order.addAll(ofIt);
      }
    }
    return order;
  }

  private static Trial.Outcome runOne(FaultLab lab, int number, Fault fault) {
    long begin = System.nanoTime();
    try {
      return new Trial(lab, number, fault).run();
    } catch (Exception | AssertionError e) {
      // The trial could not finish: that is a finding, and the lab is mended for the next one.
      List<String> notes = new ArrayList<>();
      try {
        lab.heal().forEach(n -> notes.add("settle: " + n));
      } catch (Exception | AssertionError healing) {
        notes.add("settle failed: " + healing);
      }
      return new Trial.Outcome(
          number,
          fault,
          Duration.ofNanos(System.nanoTime() - begin),
          0,
          0,
          List.of("the trial broke off: " + e),
          notes,
          java.util.Map.of());
    }
  }

  private static String row(Trial.Outcome o) {
    return String.format(
        Locale.ROOT,
        "TRIAL %4d  %-15s %6.1f s  jobs %2d  acknowledged %2d  violations %d%s",
        o.number(),
        o.fault().label(),
        o.took().toMillis() / 1000.0,
        o.submitted(),
        o.acknowledged(),
        o.violations().size(),
        o.notes().isEmpty() ? "" : "  (" + String.join("; ", o.notes()) + ")");
  }

  private static void print(
      List<Trial.Outcome> outcomes, Options options, Duration took, PrintStream out) {
    out.println();
    out.println("fault            trials  violated  violations  mean s");
    Map<Fault, List<Trial.Outcome>> byFault = new LinkedHashMap<>();
    outcomes.forEach(o -> byFault.computeIfAbsent(o.fault(), f -> new ArrayList<>()).add(o));
    StringBuilder result =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "RESULT db=%s trials=%d violated_trials=%d violations=%d minutes=%.1f",
                options.db().name().toLowerCase(Locale.ROOT),
                outcomes.size(),
                outcomes.stream().filter(o -> !o.violations().isEmpty()).count(),
                outcomes.stream().mapToInt(o -> o.violations().size()).sum(),
                took.toMillis() / 60_000.0));
    byFault.forEach(
        (fault, trials) -> {
          long violated = trials.stream().filter(o -> !o.violations().isEmpty()).count();
          out.printf(
              Locale.ROOT,
              "%-16s %6d  %8d  %10d  %6.1f%n",
              fault.label(),
              trials.size(),
              violated,
              trials.stream().mapToInt(o -> o.violations().size()).sum(),
              trials.stream().mapToLong(o -> o.took().toMillis()).average().orElse(0) / 1000.0);
          result
              .append(' ')
              .append(fault.label())
              .append('=')
              .append(violated)
              .append('/')
              .append(trials.size());
        });
    List<String> all = new ArrayList<>();
    for (Trial.Outcome o : outcomes) {
      o.violations()
          .forEach(v -> all.add("trial " + o.number() + " " + o.fault().label() + ": " + v));
    }
    if (!all.isEmpty()) {
      out.println();
      out.println("violations:");
      all.forEach(v -> out.println("  " + v));
    }
    out.println(result);
  }
}
