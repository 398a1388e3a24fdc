package hangar.cli.host;

import com.fasterxml.jackson.databind.node.ObjectNode;
import hangar.cli.ApiAction;
import hangar.cli.ApiClient;
import hangar.cli.Converters;
import hangar.cli.JsonOption;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hangar host mod}: locks or unlocks a host, or changes its protection, login or commands.
 */
@Command(name = "mod", description = "Lock or unlock a host, or change its protection.")
final class ModHost extends ApiAction {
  @Mixin JsonOption output;

  @Parameters(paramLabel = "NAME", description = "The host's name.")
  String hostname;

  @ArgGroup(exclusive = true)
  LockChange lockChange;

  /** {@code --lock} or {@code --unlock}, not both. */
  static final class LockChange {
    @Option(
        names = {"-l", "--lock"},
        description = "Lock it: no new job gets it.")
    boolean lock;

    @Option(
        names = {"-u", "--unlock"},
        description = "Unlock it.")
    boolean unlock;
  }

  @Mixin LockReasonOption lockReason;

  @Option(
      names = "--protection",
      paramLabel = "P",
      converter = Converters.ProtectionName.class,
      description = "New protection level, as for 'hangar host create'.")
  String protection;

  @Mixin SshOptions ssh;
  @Mixin CommandOptions commands;

  @Override
  protected int execute(ApiClient client) {
    boolean lock = lockChange != null && lockChange.lock;
    if (lockReason.reason != null && !lock) {
      throw usage(LockReasonOption.NEEDS_LOCK);
    }
    if (lockChange == null && protection == null && ssh.isEmpty() && commands.isEmpty()) {
      throw usage(
          "say what to change: --lock, --unlock, --protection, --user, --port, --power-on,"
              + " --power-off, --power-reset or --console");
    }
    ObjectNode body = ApiClient.JSON.createObjectNode();
    ssh.putInto(body);
    commands.putInto(body);
    if (lockChange != null) {
      body.put("locked", lock);
    }
    if (lockReason.reason != null) {
      body.put("lock_reason", lockReason.reason);
    }
    if (protection != null) {
      body.put("protection", protection);
    }
    return printAnswer(
        output, client.patch(HostCommand.hostPath(hostname), body), host -> printChanges(lock));
  }

  private void printChanges(boolean lock) {
    if (lockChange != null) {
      out().println((lock ? "Locked host " : "Unlocked host ") + hostname);
    }
    if (protection != null) {
      out().println("Set protection of host " + hostname + " to " + protection);
    }
    if (!ssh.isEmpty()) {
      out().println("Set SSH login of host " + hostname + ": " + ssh.describe());
    }
    if (!commands.isEmpty()) {
      out().println("Set commands of host " + hostname + ": " + commands.describe());
    }
  }
}
