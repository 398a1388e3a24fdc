package hangar.autoserv;

import groovy.lang.Binding;
import groovy.lang.GroovyCodeSource;
import groovy.lang.GroovyShell;
import groovy.lang.Script;
import groovy.transform.ThreadInterrupt;
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
 * A client control file: a Groovy script that sees one variable, {@code job}. Compiled under the
 * file name {@code control} so that stack traces point at its lines.
 */
final class ControlFile {
  /** The script's file name in stack traces and compiler messages. */
  static final String FILE_NAME = "control";

  private static final String GRAB = "groovy.grape.GrabAnnotationTransformation";

  /**
   * Client control files compiled lately, by text: the sessions of one job over many hosts run the
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
   * Compiles the control file with {@code job} bound.
   *
   * @throws ControlFileException naming the line of the first syntax error
   */
  static ControlFile compile(String text, ClientJob job) {
    Binding binding = new Binding();
    binding.setVariable("job", job);
    Class<? extends Script> compiled;
    synchronized (COMPILED) {
      compiled = COMPILED.get(text);
    }
    if (compiled == null) {
      CompilerConfiguration config = new CompilerConfiguration();
      // @Grab would fetch and load code while compiling; the sandbox refuses annotations anyway.
      config.setDisabledGlobalASTTransformations(Set.of(GRAB));
      config.addCompilationCustomizers(
          ControlFileSandbox.customizers().toArray(CompilationCustomizer[]::new));
      // Loops and closures check for an interrupt, so an abort stops even `while (true) {}`.
      config.addCompilationCustomizers(new ASTTransformationCustomizer(ThreadInterrupt.class));
      GroovyShell shell = new GroovyShell(ControlFile.class.getClassLoader(), binding, config);
      try {
        compiled =
            shell
                .parse(new GroovyCodeSource(text, FILE_NAME, GroovyShell.DEFAULT_CODE_BASE))
                .getClass();
      } catch (CompilationFailedException e) {
        throw syntaxError(e);
      }
      synchronized (COMPILED) {
        COMPILED.put(text, compiled);
      }
    }
    return new ControlFile(InvokerHelper.createScript(compiled, binding));
  }

  /**
   * Compiles a server-side control file with the given variables ({@code job}, {@code machines},
   * {@code hosts}, {@code parallel_simple}). It is not sandboxed: only admins submit them.
   *
   * @throws ControlFileException naming the line of the first syntax error
   */
  static ControlFile compileServer(String text, Map<String, Object> variables) {
    Binding binding = new Binding();
    variables.forEach(binding::setVariable);
    CompilerConfiguration config = new CompilerConfiguration();
    config.addCompilationCustomizers(new ASTTransformationCustomizer(ThreadInterrupt.class));
    GroovyShell shell = new GroovyShell(ControlFile.class.getClassLoader(), binding, config);
    try {
      return new ControlFile(
          shell.parse(new GroovyCodeSource(text, FILE_NAME, GroovyShell.DEFAULT_CODE_BASE)));
    } catch (CompilationFailedException e) {
      throw syntaxError(e);
    }
  }

  /**
   * Runs the control file to its end.
   *
   * @throws ControlFileException if the script throws, naming the control file's line
   * @throws SessionAbortedException if the session was aborted while it ran
   */
  void run() {
    try {
      script.run();
    } catch (SessionAbortedException e) {
      throw e;
    } catch (Exception | AssertionError | StackOverflowError e) {
      if (e instanceof InterruptedException) {
        // Thrown by the interrupt checks in loops when the session is aborted.
        Thread.currentThread().interrupt();
        throw new SessionAbortedException(Session.ABORT_REASON);
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
          if (cause instanceof ControlFileSandbox.Refusal) {
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
          && syntax.getCause() instanceof ControlFileSandbox.Refusal refusal) {
        shown.add("control file line " + refusal.getLine() + ": " + refusal.getOriginalMessage());
      }
    }
    return new ControlFileException(String.join("; ", shown), firstLine, e);
  }

  /** Describes an exception a control file threw, naming its line. */
  static ControlFileException runtimeError(Throwable e) {
    String what = e.getClass().getSimpleName() + ": " + firstLine(String.valueOf(e.getMessage()));
    Optional<StackTraceElement> frame =
        Arrays.stream(e.getStackTrace())
            .filter(f -> FILE_NAME.equals(f.getFileName()) && f.getLineNumber() > 0)
            .findFirst();
    return frame
        .map(
            f ->
                new ControlFileException(
                    "control file error at line " + f.getLineNumber() + ": " + what,
                    f.getLineNumber(),
                    e))
        .orElseGet(() -> new ControlFileException("control file error: " + what, 0, e));
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.lines().findFirst().orElse("").strip();
  }
}
