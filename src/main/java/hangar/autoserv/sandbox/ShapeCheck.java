package hangar.autoserv.sandbox;

import static hangar.autoserv.sandbox.CompileRefusal.refuse;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.AnnotatedNode;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.GenericsType;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.expr.CastExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.CatchStatement;
import org.codehaus.groovy.ast.stmt.ForStatement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;

/**
 * The shape of a control file, checked in the first phase, before any annotation can start an AST
 * transformation ({@code @Grab}, {@code @ASTTest} run code while compiling): no imports, no
 * annotations anywhere, no classes, traits or packages, no static methods.
 */
final class ShapeCheck extends CompilationCustomizer {
  ShapeCheck() {
    super(CompilePhase.CONVERSION);
  }

  @Override
  public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
    ModuleNode module = source.getAST();
    if (!classNode.isScript()) {
      refuse(
          source,
          classNode,
          "class, interface, enum, record and trait definitions are not allowed in a control file");
      return;
    }
    if (module.hasPackageName()) {
      refuse(source, module.getPackage(), "a control file has no package");
    }
    List<ASTNode> imports = new ArrayList<>();
    imports.addAll(module.getImports());
    imports.addAll(module.getStarImports());
    imports.addAll(module.getStaticImports().values());
    imports.addAll(module.getStaticStarImports().values());
    for (ASTNode node : imports) {
      refuse(
          source,
          node,
          "imports (also static and aliased ones) are not allowed in a control file; it sees only"
              + " the DSL");
    }
    for (MethodNode method : classNode.getMethods()) {
      if (method.getLineNumber() > 0 && Modifier.isStatic(method.getModifiers())) {
        refuse(
            source,
            method,
            "static methods are not allowed in a control file; drop 'static' from "
                + method.getName());
      }
    }
    new Annotations(source).visitClass(classNode);
  }

  /** Refuses every annotation written in the file, wherever it is. */
  private static final class Annotations extends ClassCodeVisitorSupport {
    private final SourceUnit source;

    Annotations(SourceUnit source) {
      this.source = source;
    }

    @Override
    protected SourceUnit getSourceUnit() {
      return source;
    }

    @Override
    public void visitAnnotations(AnnotatedNode node) {
      // Generated members (the script's run and main) carry @Generated with no line.
      node.getAnnotations().stream()
          .filter(annotation -> annotation.getLineNumber() > 0)
          .findFirst()
          .ifPresent(
              annotation ->
                  refuse(
                      source,
                      annotation,
                      "annotations such as @"
                          + annotation.getClassNode().getNameWithoutPackage()
                          + " are not allowed in a control file"));
    }

    @Override
    public void visitDeclarationExpression(DeclarationExpression expression) {
      visitAnnotations(expression);
      super.visitDeclarationExpression(expression);
    }

    @Override
    public void visitClosureExpression(ClosureExpression expression) {
      if (expression.getParameters() != null) {
        for (Parameter parameter : expression.getParameters()) {
          visitAnnotations(parameter);
          visitTypeAnnotations(parameter, parameter.getType());
        }
      }
      super.visitClosureExpression(expression);
    }

    @Override
    public void visitMethod(MethodNode method) {
      visitTypeAnnotations(method, method.getReturnType());
      for (Parameter parameter : method.getParameters()) {
        visitTypeAnnotations(parameter, parameter.getType());
      }
      super.visitMethod(method);
    }

    @Override
    public void visitCatchStatement(CatchStatement statement) {
      visitAnnotations(statement.getVariable());
      visitTypeAnnotations(statement, statement.getVariable().getType());
      super.visitCatchStatement(statement);
    }

    @Override
    public void visitForLoop(ForStatement loop) {
      if (loop.getVariable() != null) {
        visitAnnotations(loop.getVariable());
        visitTypeAnnotations(loop, loop.getVariable().getType());
      }
      super.visitForLoop(loop);
    }

    @Override
    public void visitCastExpression(CastExpression expression) {
      visitTypeAnnotations(expression, expression.getType());
      super.visitCastExpression(expression);
    }

    @Override
    public void visitVariableExpression(VariableExpression expression) {
      visitTypeAnnotations(expression, expression.getOriginType());
      super.visitVariableExpression(expression);
    }

    /** Annotations on a use of a type ({@code (@A String) x}), with its generic arguments. */
    private void visitTypeAnnotations(ASTNode where, ClassNode type) {
      if (type == null) {
        return;
      }
      if (!type.getTypeAnnotations().isEmpty()) {
        refuse(source, where, "annotations on types are not allowed in a control file");
        return;
      }
      if (type.getGenericsTypes() != null) {
        for (GenericsType generic : type.getGenericsTypes()) {
          visitTypeAnnotations(where, generic.getType());
        }
      }
    }
  }
}
