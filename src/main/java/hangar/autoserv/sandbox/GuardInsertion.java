package hangar.autoserv.sandbox;

import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.DynamicVariable;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.expr.AttributeExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;

/**
 * Compiles the guards into a control file that passed the checks: every call on a value, operator,
 * index, range, string template, cast and closure result goes through {@link Guard}, and every loop
 * turn and method or closure call takes a step from the budget ({@link GuardRewriter}). Runs after
 * {@link ExpressionCheck}, in the same phase, and only when it refused nothing.
 */
final class GuardInsertion extends CompilationCustomizer {
  private final Dsl dsl;

  GuardInsertion(Dsl dsl) {
    super(CompilePhase.CANONICALIZATION);
    this.dsl = dsl;
  }

  @Override
  public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
    if (source.getErrorCollector().hasErrors()) {
      return;
    }
    GuardRewriter rewriter = new GuardRewriter(source, dsl);
    for (MethodNode method : ExpressionCheck.written(classNode)) {
      rewriter.rewrite(method, !ExpressionCheck.isBody(method));
    }
  }

  /**
   * The DSL object {@code expression} names ({@code job}, {@code job.sysinfo}), or null when it
   * names none: a variable the DSL binds, or a property of one that leads to another.
   */
  static DslObject dslObject(Dsl dsl, Expression expression) {
    if (expression instanceof VariableExpression variable
        && variable.getAccessedVariable() instanceof DynamicVariable) {
      return dsl.objects().get(variable.getName());
    }
    if (expression instanceof PropertyExpression property
        && !(expression instanceof AttributeExpression)
        && !property.isSpreadSafe()
        && property.getPropertyAsString() != null) {
      DslObject parent = dslObject(dsl, property.getObjectExpression());
      return parent == null ? null : parent.properties().get(property.getPropertyAsString());
    }
    return null;
  }
}
