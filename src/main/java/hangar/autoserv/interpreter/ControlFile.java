package hangar.autoserv.interpreter;

import groovy.lang.Binding;
import groovy.lang.GroovyCodeSource;
import groovy.lang.GroovyShell;
import groovy.lang.Script;
import groovy.transform.ThreadInterrupt;
import hangar.autoserv.sandbox.CompileRefusal;
import hangar.autoserv.sandbox.Dsl;
import hangar.autoserv.sandbox.Sandbox;
import hangar.autoserv.sandbox.SandboxRefusal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.customizers.ASTTransformationCustomizer;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.codehaus.groovy.syntax.SyntaxException;

/**
 * A control file: a Groovy script that sees the DSL's variables ({@code job}, and server-side
 * {@code machines}, {@code hosts} and {@code parallel_simple}), compiled in the sandbox ({@link
 * Sandbox}) under the file name {@code control} so that stack traces point at its lines.
 */
final class ControlFile {
  /** The script's file name in stack traces and compiler messages. */
  static final String FILE_NAME = "control";

  /** What the status log says of a session that was aborted. */
  static final String ABORT_REASON = "session aborted";

  /** The longest message of a control file's error kept in a status line. */
  static final int MAX_MESSAGE = 2000;

  private static final String GRAB = "groovy.grape.GrabAnnotationTransformation";

  /**
   * Control files compiled lately, by DSL and text: the sessions of one job over many hosts run the
   * same file, and compiling it is most of a short session's cost on the drone. Holds 64.
   */
  private static final Map<String, Class<? extends Script>> COMPILED =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Class<? extends Script>> eldest) {
          return size() > 64;
        }
      };

  private final Script script;

  private ControlFile(Script script) {
    this.script = script;
  }

  /**
   * Compiles a client control file with {@code job} bound.
   *
   * @throws ControlFileException naming the line of the first syntax error, or every line the
   *     sandbox refuses
   */
  static ControlFile compile(String text, ScriptJob job) {
    return compile(text, ControlFileSandbox.CLIENT, "client", Map.of("job", job));
  }

  /**
   * Compiles a server-side control file with the given variables ({@code job}, {@code machines},
   * {@code hosts}, {@code parallel_simple}), in the same sandbox as a client one with the
   * server-side DSL.
   *
   * @throws ControlFileException naming the line of the first syntax error, or every line the
   *     sandbox refuses
   */
  static ControlFile compileServer(String text, Map<String, Object> variables) {
    return compile(text, ControlFileSandbox.SERVER, "server", variables);
  }

  private static ControlFile compile(
      String text, Dsl dsl, String kind, Map<String, Object> variables) {
    Binding binding = new Binding();
    variables.forEach(binding::setVariable);
    String key = kind + "\n" + text;
    Class<? extends Script> compiled;
    synchronized (COMPILED) {
      compiled = COMPILED.get(key);
    }
    if (compiled == null) {
      compiled = parse(text, dsl, binding);
      synchronized (COMPILED) {
        COMPILED.put(key, compiled);
      }
    }
    Script script = InvokerHelper.createScript(compiled, binding);
    Sandbox.bind(script, dsl, Sandbox.DEFAULT_STEPS);
    return new ControlFile(script);
  }

  private static Class<? extends Script> parse(String text, Dsl dsl, Binding binding) {
    CompilerConfiguration config = new CompilerConfiguration();
    // @Grab would fetch and load code while compiling; the sandbox refuses annotations anyway.
    config.setDisabledGlobalASTTransformations(Set.of(GRAB));
    config.addCompilationCustomizers(
        Sandbox.customizers(dsl).toArray(CompilationCustomizer[]::new));
    // Loops and closures check for an interrupt, so an abort stops even `while (true) {}`.
    config.addCompilationCustomizers(new ASTTransformationCustomizer(ThreadInterrupt.class));
    GroovyShell shell = new GroovyShell(ControlFile.class.getClassLoader(), binding, config);
    // A name the file uses would otherwise be looked up as a .groovy file on the class path and
    // compiled along with it.
    shell.getClassLoader().setResourceLoader(name -> null);
    try {
      return shell
          .parse(new GroovyCodeSource(text, FILE_NAME, GroovyShell.DEFAULT_CODE_BASE))
          .getClass();
    } catch (CompilationFailedException e) {
      throw syntaxError(e);
    }
  }

  /**
   * Runs the control file to its end.
   *
   * @throws ControlFileException if the script throws, naming the control file's line
   * @throws ScriptAbortedException if the session was aborted while it ran
   */
  void run() {
    try {
      script.run();
    } catch (ScriptAbortedException e) {
      throw e;
    } catch (Exception | AssertionError | StackOverflowError | SandboxRefusal e) {
      if (e instanceof InterruptedException) {
        // Thrown by the interrupt checks in loops when the session is aborted.
        Thread.currentThread().interrupt();
        throw new ScriptAbortedException();
      }
      // Groovy throws checked exceptions without declaring them, and `assert` throws an Error.
      throw runtimeError(e);
    }
  }

  private static ControlFileException syntaxError(CompilationFailedException e) {
    if (e instanceof MultipleCompilationErrorsException multiple) {
      List<? extends Message> errors = multiple.getErrorCollector().getErrors();
      for (Message message : errors) {
        if (message instanceof SyntaxErrorMessage syntax) {
          SyntaxException cause = syntax.getCause();
          if (cause instanceof CompileRefusal) {
            return refusals(errors, cause.getLine(), e);
          }
          return new ControlFileException(
              "control file syntax error at line "
                  + cause.getLine()
                  + ", column "
                  + cause.getStartColumn()
                  + ": "
                  + firstLine(cause.getOriginalMessage()),
              cause.getLine(),
              e);
        }
      }
    }
    return new ControlFileException(
        "control file does not compile: " + firstLine(e.getMessage()), 0, e);
  }

  /** Every refusal of the sandbox, so that one compile shows the author all of them. */
  private static ControlFileException refusals(
      List<? extends Message> errors, int firstLine, CompilationFailedException e) {
    List<String> shown = new ArrayList<>();
    for (Message message : errors) {
      if (message instanceof SyntaxErrorMessage syntax
          && syntax.getCause() instanceof CompileRefusal refusal) {
        String line =
            "control file line " + refusal.getLine() + ": " + refusal.getOriginalMessage();
        if (!shown.contains(line)) {
          shown.add(line);
        }
      }
    }
    return new ControlFileException(String.join("; ", shown), firstLine, e);
  }

  /**
   * Describes an exception a control file threw, naming its line; a refusal of the sandbox reads as
   * the compile-time ones do ({@code control file line 3: ...}).
   */
  static ControlFileException runtimeError(Throwable e) {
    String message = firstLine(String.valueOf(e.getMessage()));
    if (message.length() > MAX_MESSAGE) {
      message = message.substring(0, MAX_MESSAGE) + "...";
    }
    String type =
        e instanceof CallFailedException failed ? failed.type() : e.getClass().getSimpleName();
    String what = e instanceof SandboxRefusal ? message : type + ": " + message;
    Optional<StackTraceElement> frame =
        Arrays.stream(e.getStackTrace())
            .filter(f -> FILE_NAME.equals(f.getFileName()) && f.getLineNumber() > 0)
            .findFirst();
    return frame
        .map(
            f ->
                new ControlFileException(
                    (e instanceof SandboxRefusal
                            ? "control file line "
                            : "control file error at line ")
                        + f.getLineNumber()
                        + ": "
                        + what,
                    f.getLineNumber(),
                    e))
        .orElseGet(() -> new ControlFileException("control file error: " + what, 0, e));
  }

  /** The frames of {@code e} in the control file, for the debug log; at most 30. */
  static List<String> frames(Throwable e) {
    if (e == null) {
      return List.of();
    }
    return Arrays.stream(e.getStackTrace())
        .filter(f -> FILE_NAME.equals(f.getFileName()) && f.getLineNumber() > 0)
        .limit(30)
        .map(f -> "at " + f)
        .toList();
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.lines().findFirst().orElse("").strip();
  }
}
