package hangar.scheduler;

import hangar.lab.Host;
import hangar.lab.HostQueueEntry;
import java.util.Collection;

/** Which host a queued entry gets, and why it gets none. */
final class HostChoice {
  private HostChoice() {}

  /**
   * The entry's named host if it is available, or for a meta-host entry the first available host
   * carrying the label; null when there is none.
   */
  static Host pick(HostQueueEntry entry, Collection<Host> hosts) {
    for (Host host : hosts) {
      if (!host.isAvailable()) {
        continue;
      }
      if (entry.hostId() != null
          ? entry.hostId() == host.id()
          : host.labels().contains(entry.metaHost())) {
        return host;
      }
    }
    return null;
  }

  /** A sentence for {@code hangar job stat}: why the entry is still queued. */
  static String whyWaiting(HostQueueEntry entry, Collection<Host> hosts) {
    if (entry.hostId() == null) {
      return "waiting: no Ready host with label " + entry.metaHost();
    }
    return hosts.stream()
        .filter(h -> h.id() == entry.hostId())
        .findFirst()
        .map(
            h ->
                h.locked()
                    ? "waiting: host "
                        + h.hostname()
                        + " is locked"
                        + (h.lockReason() == null ? "" : " (" + h.lockReason() + ")")
                    : "waiting: host " + h.hostname() + " is " + h.status().displayName())
        .orElse("waiting: host " + entry.hostname() + " is gone");
  }
}
