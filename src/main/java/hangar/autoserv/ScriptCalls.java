package hangar.autoserv;

import hangar.autoserv.interpreter.Frame;
import hangar.autoserv.interpreter.WireValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Carries out on the drone the calls a session's control file makes in the interpreter: checks each
 * one as untrusted input (the interpreter may have been taken over), turns hosts back into the
 * connections this session opened, and hands the call to the branch of the session that made it.
 */
final class ScriptCalls {
  private static final int MAX_OUTPUT = 4_000_000;

  private final Session main;
  private final SessionState state;
  private final Map<Long, Session> branches = new ConcurrentHashMap<>();
  private final AtomicLong branchNumbers = new AtomicLong();

  ScriptCalls(Session main, SessionState state) {
    this.main = main;
    this.state = state;
  }

  /**
   * Runs one call and gives what it returns, as JSON values.
   *
   * @param run where the session's branches start
   * @throws IllegalArgumentException for a call the DSL does not have, or wrong arguments
   */
  Object handle(Frame.Call call, RemoteBranches run) throws InterruptedException {
    Session session = call.branch() == 0 ? main : branches.get(call.branch());
    if (session == null) {
      throw new IllegalArgumentException("no branch " + call.branch() + " in this session");
    }
    Arguments args = new Arguments(call, this::host);
    String name = call.target() + "." + call.method();
    return switch (name) {
      case "job.run_test" ->
          session.runTest(args.text(1), args.map(0), new ArrayList<>(args.list(2)));
      case "job.record" -> {
        session.record(args.text(0), args.text(1), args.text(2), args.text(3));
        yield null;
      }
      case "job.write_perf_keyval" -> {
        session.writePerfKeyval(args.map(0));
        yield null;
      }
      case "job.reboot" -> reboot(session, args.map(0));
      case "job.barrier" -> {
        session.barrier(args.text(0), seconds("job.barrier timeout", args.value(1)));
        yield null;
      }
      case "job.parallel" -> {
        List<BranchBody> bodies = new ArrayList<>();
        for (Object body : args.list(0)) {
          bodies.add(remote(run, number(body), List.of()));
        }
        session.parallel(bodies);
        yield null;
      }
      case "parallel_simple.call" -> {
        long body = number(args.value(0));
        session.parallelSimple(
            machine -> remote(run, body, java.util.Collections.singletonList(machine)),
            List.copyOf(args.list(1)));
        yield null;
      }
      case "sysinfo.add_command" -> {
        if (args.size() == 1) {
          state.sysinfo().add_command(args.text(0));
        } else {
          state.sysinfo().add_command(args.text(0), args.text(1));
        }
        yield null;
      }
      case "sysinfo.add_logfile" -> {
        if (args.size() == 1) {
          state.sysinfo().add_logfile(args.text(0));
        } else {
          state.sysinfo().add_logfile(args.text(0), args.text(1));
        }
        yield null;
      }
      case "hosts.create" -> {
        ServerHost host = serverHosts().create(args.text(0));
        yield Map.of("machine", host.getMachine(), "hostname", host.getHostname());
      }
      case "host.run" -> {
        ServerHost.CommandOutput out = host(args.text(0)).run(args.map(1), args.text(2));
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("stdout", capped(out.stdout()));
        reply.put("stderr", capped(out.stderr()));
        reply.put("exit_status", out.exit_status());
        yield reply;
      }
      case "host.reboot" ->
          session.reboot(host(args.text(0)).host(), "reboot", Reboots.DEFAULT_TIMEOUT);
      default -> throw new IllegalArgumentException("the DSL has no " + name);
    };
  }

  /** A branch that runs the interpreter's closure {@code body} with {@code arguments}. */
  private BranchBody remote(RemoteBranches run, long body, List<Object> arguments) {
    return branch -> {
      long number = branchNumbers.incrementAndGet();
      branches.put(number, branch);
      try {
        Frame.Ending ending = run.runBranch(number, body, arguments);
        switch (ending.outcome()) {
          case ENDED -> {}
          case ABORTED -> state.markAborted();
          case FAILED -> {
            state.debug().info(Interpreter.describe(ending));
            branch.status().record(StatusCode.ERROR, "", "", ending.message());
          }
        }
      } finally {
        branches.remove(number);
      }
    };
  }

  private boolean reboot(Session session, Map<String, Object> options) {
    for (String key : options.keySet()) {
      if (!key.equals("command") && !key.equals("timeout")) {
        throw new IllegalArgumentException(
            "job.reboot has no option '" + key + "'; it takes command and timeout");
      }
    }
    Object command = options.getOrDefault("command", "reboot");
    if (!(command instanceof String)) {
      throw new IllegalArgumentException("job.reboot command must be text, was " + command);
    }
    Object timeout = options.get("timeout");
    return session.reboot(
        (String) command,
        timeout == null ? Reboots.DEFAULT_TIMEOUT : seconds("job.reboot timeout", timeout));
  }

  private static Duration seconds(String what, Object value) {
    if (!(value instanceof Number seconds
        && seconds.doubleValue() > 0
        && seconds.doubleValue() < Duration.ofDays(365).toSeconds())) {
      throw new IllegalArgumentException(what + " must be a number of seconds, was " + value);
    }
    return Duration.ofMillis(Math.round(seconds.doubleValue() * 1000));
  }

  private static long number(Object value) {
    if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    throw new IllegalArgumentException("a closure's number must be a whole number, was " + value);
  }

  private ServerHosts serverHosts() {
    if (!state.isServerSide()) {
      throw new IllegalArgumentException("hosts is for server-side control files");
    }
    return state.hosts();
  }

  /** The host of a machine this session has connected with {@code hosts.create}. */
  private ServerHost host(String machine) {
    return serverHosts().opened().stream()
        .filter(h -> h.getMachine().equals(machine))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "'" + machine + "' is not a host from hosts.create(name) in this session"));
  }

  private static String capped(String text) {
    return text.length() <= MAX_OUTPUT
        ? text
        : text.substring(0, MAX_OUTPUT) + "\n[output cut at " + MAX_OUTPUT + " characters]\n";
  }

  /** Where a session's branches start: the interpreter runs the closure, the drone waits. */
  interface RemoteBranches {
    /**
     * Runs the interpreter's closure {@code body} as branch {@code branch} until it ends.
     *
     * @throws InterruptedException if the session is aborted meanwhile
     */
    Frame.Ending runBranch(long branch, long body, List<Object> arguments)
        throws InterruptedException;
  }

  /** A call's arguments, each read as the type it must be. */
  private record Arguments(Frame.Call call, java.util.function.Function<String, ServerHost> hosts) {
    int size() {
      return call.args() == null ? 0 : call.args().size();
    }

    Object value(int index) {
      if (index >= size()) {
        throw new IllegalArgumentException(
            call.target() + "." + call.method() + " needs argument " + (index + 1));
      }
      return decode(call.args().get(index));
    }

    String text(int index) {
      Object value = value(index);
      if (value != null && !(value instanceof String)) {
        throw new IllegalArgumentException(
            call.target() + "." + call.method() + " argument " + (index + 1) + " must be text");
      }
      return (String) value;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(int index) {
      Object value = value(index);
      if (!(value instanceof Map<?, ?>)) {
        throw new IllegalArgumentException(
            call.target() + "." + call.method() + " argument " + (index + 1) + " must be a map");
      }
      return (Map<String, Object>) value;
    }

    List<?> list(int index) {
      Object value = value(index);
      if (!(value instanceof List<?> list)) {
        throw new IllegalArgumentException(
            call.target() + "." + call.method() + " argument " + (index + 1) + " must be a list");
      }
      return list;
    }

    /** JSON's values, with {@code {"$hangar.host": machine}} turned back into the host. */
    private Object decode(Object value) {
      if (value instanceof Map<?, ?> map) {
        if (map.size() == 1 && map.get(WireValues.HOST_KEY) instanceof String machine) {
          return hosts.apply(machine);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((key, item) -> out.put(String.valueOf(key), decode(item)));
        return out;
      }
      if (value instanceof List<?> list) {
        List<Object> out = new ArrayList<>(list.size());
        list.forEach(item -> out.add(decode(item)));
        return out;
      }
      return value;
    }
  }
}
