package hangar.autoserv.interpreter;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * One line between a drone and its control-file interpreter: a JSON object whose {@code op} names
 * its kind. The drone starts sessions, answers calls and aborts; the interpreter calls the DSL
 * ({@code job.run_test}, {@code h.run}), reports branches and sessions that ended. Values are
 * JSON's own (text, numbers, true/false, lists, maps) with hosts as {@code {"$hangar.host":
 * machine}}. The drone trusts nothing the interpreter sends: every call is checked as a control
 * file's call is.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Frame.Start.class, name = "start"),
  @JsonSubTypes.Type(value = Frame.Reply.class, name = "reply"),
  @JsonSubTypes.Type(value = Frame.RunBranch.class, name = "branch"),
  @JsonSubTypes.Type(value = Frame.Abort.class, name = "abort"),
  @JsonSubTypes.Type(value = Frame.Call.class, name = "call"),
  @JsonSubTypes.Type(value = Frame.BranchDone.class, name = "branch_done"),
  @JsonSubTypes.Type(value = Frame.Done.class, name = "done")
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface Frame {
  /** The session the frame belongs to. */
  String session();

  /**
   * Drone to interpreter: run a control file.
   *
   * @param session the session's id
   * @param server whether it is a server-side control file
   * @param text the control file
   * @param machines the job's machines ({@code machines} of a server-side file)
   */
  record Start(String session, boolean server, String text, List<String> machines)
      implements Frame {}

  /**
   * Drone to interpreter: how a call ended.
   *
   * @param session the session
   * @param call the call's number
   * @param value what it returned (null for nothing), when {@code error} is null
   * @param error why it failed, or null
   */
  record Reply(String session, long call, Object value, Failure error) implements Frame {}

  /**
   * Drone to interpreter: run a closure of {@code job.parallel} or {@code parallel_simple} as a
   * branch; calls made inside it name {@code branch}.
   *
   * @param session the session
   * @param branch the branch's number, given by the drone
   * @param body the closure, as the interpreter numbered it in its call
   * @param arguments what the closure is called with: nothing, or the machine
   */
  record RunBranch(String session, long branch, long body, List<Object> arguments)
      implements Frame {}

  /**
   * Drone to interpreter: stop the session now.
   *
   * @param session the session
   */
  record Abort(String session) implements Frame {}

  /**
   * Interpreter to drone: the control file called the DSL.
   *
   * @param session the session
   * @param call a number for the reply, new in the session
   * @param branch the branch that called (0 for the main one)
   * @param target {@code job}, {@code sysinfo}, {@code hosts}, {@code host} or {@code
   *     parallel_simple}
   * @param method the method's name
   * @param args its arguments
   */
  record Call(
      String session, long call, long branch, String target, String method, List<Object> args)
      implements Frame {}

  /**
   * Interpreter to drone: a branch's closure returned or threw.
   *
   * @param session the session
   * @param branch the branch
   * @param ending how
   */
  record BranchDone(String session, long branch, Ending ending) implements Frame {}

  /**
   * Interpreter to drone: the control file ran to its end, or stopped.
   *
   * @param session the session
   * @param ending how
   */
  record Done(String session, Ending ending) implements Frame {}

  /**
   * Why a call failed, for the control file to throw.
   *
   * @param type the exception's simple class name, shown in the control file's error
   * @param message its message
   * @param kind what the failure means for the session
   */
  record Failure(String type, String message, FailureKind kind) {}

  /** What a failed call means for the session. */
  enum FailureKind {
    /** A wrong argument or use of the DSL: the control file's error. */
    ARGUMENT,
    /** The host broke off or a command on it failed to run: the host may need verifying. */
    HOST,
    /** The session was aborted: the control file stops. */
    ABORTED,
    /** Anything else. */
    OTHER
  }

  /**
   * How a control file or a branch ended.
   *
   * @param outcome ended, failed or aborted
   * @param message the error, naming the control file's line; empty unless failed
   * @param hostFailed whether the error came from the host, so the scheduler verifies it
   * @param trace the control file's frames of the error ({@code at control.run(control:2)}), for
   *     the debug log
   */
  record Ending(Outcome outcome, String message, boolean hostFailed, List<String> trace) {
    /** It ran to its end. */
    public static Ending ok() {
      return new Ending(Outcome.ENDED, "", false, List.of());
    }

    /** It was aborted. */
    public static Ending aborted() {
      return new Ending(Outcome.ABORTED, "", false, List.of());
    }

    /** It stopped on an error. */
    public static Ending failed(String message, boolean hostFailed) {
      return new Ending(Outcome.FAILED, message, hostFailed, List.of());
    }

    /** It stopped on {@code error}, thrown where {@code trace} says. */
    public static Ending failed(String message, boolean hostFailed, List<String> trace) {
      return new Ending(Outcome.FAILED, message, hostFailed, trace);
    }
  }

  /** The three ways a control file ends. */
  enum Outcome {
    /** Ran to its end. */
    ENDED,
    /** Threw, or was refused: an ERROR in the status log. */
    FAILED,
    /** Stopped by an abort. */
    ABORTED
  }
}
