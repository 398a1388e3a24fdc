package hangar.autoserv.sandbox;

import static hangar.autoserv.sandbox.CompileRefusal.refuse;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;

/**
 * The allow-list over the control file's expressions, once names are resolved (CANONICALIZATION):
 * what the file declares ({@link Declarations}) and every expression in its methods and closures
 * ({@link ExpressionVisitor}).
 */
final class ExpressionCheck extends CompilationCustomizer {
  private final Dsl dsl;

  ExpressionCheck(Dsl dsl) {
    super(CompilePhase.CANONICALIZATION);
    this.dsl = dsl;
  }

  @Override
  public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
    Declarations declarations = new Declarations(source, dsl);
    List<MethodNode> written = written(classNode);
    Set<String> own = new TreeSet<>();
    for (MethodNode method : written) {
      if (!isBody(method)) {
        declarations.checkName(method, method.getName(), "method");
        declarations.checkType(
            method, method.getReturnType(), "what " + method.getName() + " returns");
        for (Parameter parameter : method.getParameters()) {
          declarations.checkParameter(parameter, method.getName());
        }
        if (!ReservedNames.contains(method.getName())
            && !dsl.variables().contains(method.getName())) {
          own.add(method.getName());
        }
      }
    }
    if (!classNode.getFields().isEmpty() || !classNode.getProperties().isEmpty()) {
      refuse(source, classNode, "fields are not allowed in a control file; use def variables");
    }
    ExpressionVisitor visitor = new ExpressionVisitor(source, dsl, own, declarations);
    for (MethodNode method : written) {
      if (method.getCode() != null) {
        method.getCode().visit(visitor);
      }
    }
  }

  /** The methods the file wrote, and {@code run}, which holds its top-level statements. */
  static List<MethodNode> written(ClassNode classNode) {
    List<MethodNode> written = new ArrayList<>();
    for (MethodNode method : classNode.getMethods()) {
      if (isBody(method) || method.getLineNumber() > 0) {
        written.add(method);
      }
    }
    return written;
  }

  static boolean isBody(MethodNode method) {
    return method.getName().equals("run")
        && method.getParameters().length == 0
        && method.getLineNumber() < 0;
  }
}
