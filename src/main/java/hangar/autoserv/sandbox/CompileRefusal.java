package hangar.autoserv.sandbox;

import java.io.Serial;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

/** A part of a control file the sandbox refuses before it runs, reported at the node's line. */
public final class CompileRefusal extends SyntaxException {
  @Serial private static final long serialVersionUID = 1L;

  private CompileRefusal(String message, ASTNode node) {
    super(message, node);
  }

  /** Adds a refusal of {@code node} to the compilation's errors; compiling goes on to find more. */
  static void refuse(SourceUnit source, ASTNode node, String message) {
    source
        .getErrorCollector()
        .addErrorAndContinue(new SyntaxErrorMessage(new CompileRefusal(message, node), source));
  }
}
