package hangar.autoserv.sandbox;

import groovy.lang.Script;
import java.util.List;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;

/**
 * The sandbox of control files, client and server-side alike. Compile a control file with {@link
 * #customizers}, then {@link #bind} each script instance before it runs.
 *
 * <p>Three layers, each tested on its own (see docs/security.md): a check of the syntax tree that
 * refuses, with the line, everything outside the DSL and the file's own values; guards compiled
 * into the script that check at run time what each value really is; and a budget of steps per
 * session with limits on the size of what the file makes, so that no loop, string or list can hold
 * the drone's CPU or memory.
 */
public final class Sandbox {
  /** Steps a session's control file may take: about a second of the drone's CPU. */
  public static final long DEFAULT_STEPS = 10_000_000;

  /**
   * Steps a call of the DSL costs: a session may make about ten thousand of them ({@code
   * job.record}, {@code job.run_test}, {@code h.run}...), enough for any control file and a bound
   * on the status lines, files and threads a loop of them could make.
   */
  public static final long DSL_CALL_STEPS = 1_000;

  /** The longest text a control file may make, in characters. */
  public static final int MAX_TEXT = 4_000_000;

  /** The most elements a list or map a control file makes may hold; also the longest range. */
  public static final int MAX_ELEMENTS = 1_000_000;

  /** The most bits of a whole number a control file may compute with. */
  public static final int MAX_BITS = 100_000;

  /** The largest scale (digits after the point, or zeros before it) of a decimal number. */
  public static final int MAX_SCALE = 10_000;

  /** How deeply the file's methods and closures may call each other. */
  public static final int MAX_DEPTH = 64;

  /** How deeply a list or map may nest. */
  public static final int MAX_NESTING = 100;

  private Sandbox() {}

  /**
   * The compiler's checks and rewrites for a control file with this DSL, in the order they must
   * run. Add them before any other customizer of the same phase.
   */
  public static List<CompilationCustomizer> customizers(Dsl dsl) {
    return List.of(new ShapeCheck(), new ExpressionCheck(dsl), new GuardInsertion(dsl));
  }

  /**
   * Gives a script instance its budget; call it after the DSL's variables are bound.
   *
   * @param script an instance of a class compiled with {@link #customizers}
   * @param dsl the DSL it was compiled with
   * @param steps the steps it may take ({@link #DEFAULT_STEPS})
   */
  public static void bind(Script script, Dsl dsl, long steps) {
    script.getBinding().setVariable(Budget.VARIABLE, new Budget(dsl, steps, script));
  }

  /** The steps {@code script} has taken so far; for tests and debug logs. */
  public static long stepsUsed(Script script) {
    return Budget.of(script).used();
  }

  /**
   * How deeply the script's methods and closures nest on the calling thread: a branch that runs on
   * another thread starts there ({@link #resumeDepth}), so recursion through branches meets the
   * same limit.
   */
  public static int depth(Script script) {
    return Budget.of(script).depth();
  }

  /** Starts the calling thread at {@code depth} in the script, as {@link #depth} gave it. */
  public static void resumeDepth(Script script, int depth) {
    Budget.of(script).resume(depth);
  }

  /** The names a control file may not declare: for tests and docs. */
  public static java.util.Set<String> reservedNames() {
    return ReservedNames.all();
  }
}
