package hangar.autoserv.sandbox;

import groovy.lang.Binding;
import groovy.lang.Closure;
import groovy.lang.Script;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One session's allowance: the steps its control file may take (a loop turn, a call, an element
 * walked, a character or element made), how deeply its methods and closures may nest, and what its
 * DSL lets it call. Kept in the script's binding under a name no Groovy identifier can spell, so
 * the file cannot reach it; shared by the session's parallel branches.
 */
final class Budget {
  /** The binding variable that holds the budget: the dots keep a control file from naming it. */
  static final String VARIABLE = "hangar.sandbox.budget";

  private final Dsl dsl;
  private final long limit;
  private final AtomicLong used = new AtomicLong();
  private final Set<Object> functions = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Script script;

  /**
   * Nesting on each thread. A branch of {@code job.parallel} starts at the depth of the call that
   * made it, so recursion through parallel branches meets the same limit.
   */
  private final InheritableThreadLocal<int[]> depth =
      new InheritableThreadLocal<>() {
        @Override
        protected int[] initialValue() {
          return new int[1];
        }

        @Override
        protected int[] childValue(int[] parent) {
          return new int[] {parent[0]};
        }
      };

  Budget(Dsl dsl, long limit, Script script) {
    this.dsl = dsl;
    this.limit = limit;
    this.script = script;
    Binding binding = script.getBinding();
    for (String name : dsl.functions()) {
      if (binding.hasVariable(name)) {
        functions.add(binding.getVariable(name));
      }
    }
  }

  /**
   * The budget of the script that {@code self} is, or whose closure it is.
   *
   * @throws IllegalStateException if the script was compiled with the sandbox but bound without it:
   *     a bug
   */
  static Budget of(Object self) {
    Object owner = self instanceof Closure<?> closure ? closure.getThisObject() : self;
    if (owner instanceof Script script
        && script.getBinding().getVariables().get(VARIABLE) instanceof Budget budget) {
      return budget;
    }
    throw new IllegalStateException(
        "a sandboxed control file runs without its budget (called from "
            + (self == null ? "null" : self.getClass().getName())
            + "); Sandbox.bind was not called, a bug");
  }

  Dsl dsl() {
    return dsl;
  }

  /** The script the budget belongs to: closures whose {@code this} it is are the file's own. */
  Script script() {
    return script;
  }

  /** Whether {@code value} is one of the DSL's functions ({@code parallel_simple}). */
  boolean isFunction(Object value) {
    return functions.contains(value);
  }

  /**
   * Takes {@code units} steps from the budget.
   *
   * @throws SandboxRefusal once the budget is spent; every later step throws again, so a {@code
   *     finally} or a loop around the spent step gains nothing
   */
  void charge(long units) {
    long taken = Math.min(Math.max(units, 0), limit + 1);
    if (used.addAndGet(taken) > limit) {
      throw new SandboxRefusal(
          "the control file used up its budget of "
              + limit
              + " steps (loop turns, calls, and values walked or made); it is stopped so that it"
              + " cannot hold the drone's CPU or memory");
    }
  }

  /** Steps taken so far. */
  long used() {
    return used.get();
  }

  /**
   * A method or closure of the file starts on this thread.
   *
   * @throws SandboxRefusal past {@link Sandbox#MAX_DEPTH} nested calls: deeper recursion would
   *     overflow the drone thread's stack
   */
  void enter() {
    charge(1);
    int[] level = depth.get();
    if (++level[0] > Sandbox.MAX_DEPTH) {
      level[0]--;
      throw new SandboxRefusal(
          "methods and closures of the control file nest deeper than "
              + Sandbox.MAX_DEPTH
              + " calls; recursion that deep is not allowed");
    }
  }

  /** How deeply the file's methods and closures nest on this thread now. */
  int depth() {
    return depth.get()[0];
  }

  /** Starts this thread at {@code level}: a branch run on a thread the script did not start. */
  void resume(int level) {
    depth.get()[0] = level;
  }

  /** The method or closure {@link #enter} counted has ended. */
  void exit() {
    depth.get()[0]--;
  }
}
