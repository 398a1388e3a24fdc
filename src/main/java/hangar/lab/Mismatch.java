package hangar.lab;

import java.util.Optional;
import java.util.Set;

/**
 * Why a host can never run a job's entry, whatever its status: Autotest's eligibility rules (ACLs,
 * dependency labels, only-if-needed labels).
 */
public sealed interface Mismatch {

  /** A phrase about the host, as in "board7 lacks dependency usb". */
  String phrase();

  /** The owner shares no ACL group with the host. */
  record NoSharedAcl(String owner) implements Mismatch {
    @Override
    public String phrase() {
      return "shares no ACL group with " + owner;
    }
  }

  /** The host lacks a label the job depends on. */
  record MissingDependency(String label) implements Mismatch {
    @Override
    public String phrase() {
      return "lacks dependency " + label;
    }
  }

  /** The host carries an only-if-needed label the job does not ask for. */
  record UnrequestedLabel(String label) implements Mismatch {
    @Override
    public String phrase() {
      return "carries only-if-needed label " + label;
    }
  }

  /**
   * The first reason the host can never take an entry of the job, or empty when it can.
   *
   * @param metaHost the label a meta-host entry wants, or null for a named host: named hosts skip
   *     the only-if-needed rule, as Autotest's scheduler does
   * @param onlyIfNeeded the names of the only-if-needed labels
   */
  static Optional<Mismatch> find(
      HostAccess host, JobNeeds needs, String metaHost, Set<String> onlyIfNeeded) {
    if (!needs.mayUse(host)) {
      return Optional.of(new NoSharedAcl(needs.owner()));
    }
    Optional<Mismatch> missing = missingDependency(host, needs);
    if (missing.isPresent()) {
      return missing;
    }
    if (metaHost != null) {
      for (String label : host.host().labels()) {
        if (onlyIfNeeded.contains(label)
            && !label.equals(metaHost)
            && !needs.dependencies().contains(label)) {
          return Optional.of(new UnrequestedLabel(label));
        }
      }
    }
    return Optional.empty();
  }

  /** The first dependency label (by name) the host lacks, or empty. */
  static Optional<Mismatch> missingDependency(HostAccess host, JobNeeds needs) {
    for (String label : needs.dependencies().stream().sorted().toList()) {
      if (!host.carries(label)) {
        return Optional.of(new MissingDependency(label));
      }
    }
    return Optional.empty();
  }
}
