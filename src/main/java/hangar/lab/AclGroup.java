package hangar.lab;

import java.util.List;
import java.util.Objects;

/**
 * An ACL group: a job's owner may run on a host only when they share one (Autotest's {@code
 * afe_acl_groups}). {@code Everyone} holds every user, and every host that no other group holds.
 *
 * @param name unique name
 * @param description free text, may be empty
 * @param users the logins of its members, sorted
 * @param hosts the names of its hosts, sorted
 */
public record AclGroup(String name, String description, List<String> users, List<String> hosts) {
  /** The group every user is in, and every host that no other group holds. */
  public static final String EVERYONE = "Everyone";

  public AclGroup {
    Objects.requireNonNull(name, "name");
    description = description == null ? "" : description;
    users = List.copyOf(users);
    hosts = List.copyOf(hosts);
  }

  /** True for {@code Everyone}, whose members and hosts follow from the rest. */
  public boolean isEveryone() {
    return EVERYONE.equals(name);
  }
}
