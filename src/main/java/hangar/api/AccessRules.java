package hangar.api;

import hangar.lab.AclGroup;
import hangar.lab.Caller;
import hangar.store.AclStore;
import hangar.store.ForbiddenException;
import java.util.List;

/**
 * Who may do what, checked by the routes before they change anything. Each refusal names the rule
 * that refused and the way out; the API answers it with 403.
 *
 * <ul>
 *   <li>Admins may do everything.
 *   <li>Hosts: lock, unlock, modify and reverify by users who share an ACL group with the host; its
 *       power commands run, and {@code localhost} is used, only by members of a group an admin put
 *       the host in; creating and deleting hosts, labels, atomic groups and drones, and setting a
 *       host's power or console commands, by admins only.
 *   <li>Jobs: aborted by their owner.
 *   <li>ACL groups: created by anyone, who becomes a member; members add and remove users and
 *       delete the group; only admins add and remove hosts.
 *   <li>Users: created, deleted and made admins by admins; a user sets its own password.
 * </ul>
 */
public final class AccessRules {
  private final AclStore acls;

  /** Rules that look hosts' ACL groups up in {@code acls}. */
  public AccessRules(AclStore acls) {
    this.acls = acls;
  }

  /**
   * Refuses a non-admin.
   *
   * @param action what was asked, as "create hosts"
   * @throws ForbiddenException when the caller is not an admin
   */
  static void requireAdmin(Caller caller, String action) {
    if (!caller.admin()) {
      throw new ForbiddenException(
          caller.login()
              + " may not "
              + action
              + ": only admins may (rule: lab-wide changes are for admins); ask an admin to do"
              + " it");
    }
  }

  /**
   * Refuses a change to a host by a user who shares no ACL group with it.
   *
   * @throws ForbiddenException naming the rule
   */
  void requireHostChange(Caller caller, String hostname, String action) {
    if (mayChangeHost(caller, hostname)) {
      return;
    }
    throw new ForbiddenException(
        caller.login()
            + " may not "
            + action
            + " host "
            + hostname
            + ": "
            + caller.login()
            + " shares no ACL group with it (rule: hosts are changed by the users of their ACL"
            + " groups, and admins); 'hangar host stat "
            + hostname
            + "' shows its groups");
  }

  /**
   * Refuses to run a host's power commands for a user outside every group an admin put it in.
   *
   * @throws ForbiddenException naming the rule
   */
  void requireHostCommands(Caller caller, String hostname, String action) {
    if (mayRunHostCommands(caller, hostname)) {
      return;
    }
    throw new ForbiddenException(
        caller.login()
            + " may not "
            + action
            + " host "
            + hostname
            + ": its power and console commands run on the server's machine, so only admins and"
            + " the members of an ACL group an admin put the host in may (rule: commands on the"
            + " server's machine); ask an admin to grant it with 'hangar acl add GROUP -m "
            + hostname
            + "'");
  }

  /** Whether the caller may lock, unlock, modify and reverify the host. */
  public boolean mayChangeHost(Caller caller, String hostname) {
    return sharesHost(caller, hostname, false);
  }

  /** Whether the caller may run the host's power commands. */
  public boolean mayRunHostCommands(Caller caller, String hostname) {
    return sharesHost(caller, hostname, true);
  }

  /** Whether the caller may abort a job of {@code owner}. */
  public static boolean mayAbort(Caller caller, String owner) {
    return caller.admin() || caller.login().equals(owner);
  }

  private boolean sharesHost(Caller caller, String hostname, boolean grantedOnly) {
    return caller.admin() || !acls.sharedGroups(caller.login(), hostname, grantedOnly).isEmpty();
  }

  /**
   * Refuses an abort by anybody but the job's owner and admins.
   *
   * @throws ForbiddenException naming the rule
   */
  static void requireOwner(Caller caller, long jobId, String owner, String action) {
    if (mayAbort(caller, owner)) {
      return;
    }
    throw new ForbiddenException(
        caller.login()
            + " may not "
            + action
            + " job "
            + jobId
            + ": it belongs to "
            + owner
            + " (rule: only a job's owner and admins "
            + action
            + " it)");
  }

  /**
   * Refuses a change to an ACL group's members by a user outside it.
   *
   * @throws ForbiddenException naming the rule
   */
  void requireMember(Caller caller, AclGroup group, String action) {
    if (caller.admin() || (!group.isEveryone() && acls.isMember(group.name(), caller.login()))) {
      return;
    }
    throw new ForbiddenException(
        caller.login()
            + " may not "
            + action
            + " ACL group "
            + group.name()
            + ": "
            + (group.isEveryone()
                ? "Everyone follows from the users and hosts, and only admins change it"
                : caller.login() + " is not a member (rule: members and admins change a group)")
            + "; its members are "
            + String.join(", ", group.users().isEmpty() ? List.of("none") : group.users()));
  }

  /**
   * Refuses a change to another user's account by a non-admin.
   *
   * @throws ForbiddenException naming the rule
   */
  static void requireSelf(Caller caller, String login, String action) {
    if (caller.admin() || caller.login().equals(login)) {
      return;
    }
    throw new ForbiddenException(
        caller.login()
            + " may not "
            + action
            + " of user "
            + login
            + " (rule: users manage their own, admins anyone's)");
  }
}
