package hangar.autoserv;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.AnnotatedNode;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.DynamicVariable;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.ast.expr.AttributeExpression;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.CastExpression;
import org.codehaus.groovy.ast.expr.ClassExpression;
import org.codehaus.groovy.ast.expr.ConstructorCallExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.FieldExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.MethodPointerExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;
import org.codehaus.groovy.syntax.Types;

/**
 * Keeps a client control file to the DSL. It may use {@code job}, its own local variables,
 * literals, closures and loops, and a fixed list of harmless methods on its own values ({@code
 * each}, {@code collect}, {@code size}...). Everything that could reach the drone's JVM, files,
 * network or processes is refused at compile time with its line: imports, annotations
 * ({@code @Grab}), classes, {@code new}, class names ({@code File}, {@code System}), property
 * access other than {@code job.sysinfo}, undeclared variables ({@code binding}, {@code this}),
 * method pointers, and every method not on the lists ({@code execute}, {@code getClass}, {@code
 * evaluate}...).
 *
 * <p>It is an allow-list over the syntax tree, checked before anything runs, rather than a
 * deny-list at run time: what is not named here does not compile.
 */
final class ControlFileSandbox {
  /** The methods of {@code job}. */
  static final Set<String> JOB_METHODS =
      Set.of("run_test", "parallel", "record", "reboot", "write_perf_keyval");

  /** The methods of {@code job.sysinfo}. */
  static final Set<String> SYSINFO_METHODS = Set.of("add_command", "add_logfile");

  /** Methods a control file may call on its own values: strings, numbers, lists, maps, closures. */
  static final Set<String> SAFE_METHODS =
      Set.of(
          "abs",
          "add",
          "addAll",
          "any",
          "call",
          "collect",
          "collectEntries",
          "contains",
          "containsKey",
          "containsValue",
          "count",
          "div",
          "doubleValue",
          "downto",
          "drop",
          "each",
          "eachWithIndex",
          "endsWith",
          "equals",
          "equalsIgnoreCase",
          "every",
          "find",
          "findAll",
          "findIndexOf",
          "first",
          "flatten",
          "get",
          "groupBy",
          "indexOf",
          "inject",
          "intValue",
          "intdiv",
          "isEmpty",
          "join",
          "keySet",
          "last",
          "length",
          "longValue",
          "matches",
          "max",
          "min",
          "minus",
          "mod",
          "multiply",
          "next",
          "padLeft",
          "padRight",
          "plus",
          "power",
          "previous",
          "put",
          "putAll",
          "remove",
          "replace",
          "replaceAll",
          "reverse",
          "round",
          "size",
          "sort",
          "split",
          "startsWith",
          "step",
          "strip",
          "subList",
          "substring",
          "sum",
          "take",
          "times",
          "toBigDecimal",
          "toDouble",
          "toInteger",
          "toList",
          "toLong",
          "toLowerCase",
          "toString",
          "toUpperCase",
          "tokenize",
          "trim",
          "unique",
          "upto",
          "values",
          "compareTo",
          "isCase",
          "asBoolean");

  private static final Set<ClassNode> CASTS =
      Set.of(
          ClassHelper.int_TYPE,
          ClassHelper.long_TYPE,
          ClassHelper.double_TYPE,
          ClassHelper.boolean_TYPE,
          ClassHelper.Integer_TYPE,
          ClassHelper.Long_TYPE,
          ClassHelper.Double_TYPE,
          ClassHelper.Boolean_TYPE,
          ClassHelper.STRING_TYPE,
          ClassHelper.BigDecimal_TYPE,
          ClassHelper.OBJECT_TYPE,
          ClassHelper.LIST_TYPE,
          ClassHelper.MAP_TYPE);

  private ControlFileSandbox() {}

  /** The two checks, in the phases they need: the shape first, the expressions once resolved. */
  static List<CompilationCustomizer> customizers() {
    return List.of(new Shape(), new Expressions());
  }

  /** A refusal, reported as a compile error at the node's line. */
  static final class Refusal extends SyntaxException {
    private static final long serialVersionUID = 1L;

    Refusal(String message, ASTNode node) {
      super(message, node);
    }
  }

  private static void refuse(SourceUnit source, ASTNode node, String message) {
    source
        .getErrorCollector()
        .addErrorAndContinue(new SyntaxErrorMessage(new Refusal(message, node), source));
  }

  /**
   * Before any annotation can trigger a transform (CONVERSION): no imports, no annotations, no
   * classes besides the script.
   */
  private static final class Shape extends CompilationCustomizer {
    Shape() {
      super(CompilePhase.CONVERSION);
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
      ModuleNode module = source.getAST();
      if (!classNode.isScript()) {
        refuse(source, classNode, "class definitions are not allowed in a control file");
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
        refuse(source, node, "imports are not allowed in a control file; it sees only job");
      }
      for (MethodNode method : classNode.getMethods()) {
        for (org.codehaus.groovy.ast.Parameter parameter : method.getParameters()) {
          if (parameter.hasInitialExpression()) {
            refuse(
                source,
                parameter,
                "default values of method parameters are not allowed in a control file; give"
                    + " the value at the call");
          }
        }
      }
      new ClassCodeVisitorSupport() {
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
      }.visitClass(classNode);
    }
  }

  /** Once variables are resolved (CANONICALIZATION): the expression allow-list. */
  private static final class Expressions extends CompilationCustomizer {
    Expressions() {
      super(CompilePhase.CANONICALIZATION);
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
      Set<String> ownMethods = new TreeSet<>();
      List<MethodNode> written = new ArrayList<>();
      for (MethodNode method : classNode.getMethods()) {
        if (method.getName().equals("run") || method.getLineNumber() > 0) {
          written.add(method);
          if (!method.getName().equals("run")) {
            ownMethods.add(method.getName());
          }
        }
      }
      Checker checker = new Checker(source, ownMethods);
      for (MethodNode method : written) {
        if (method.getCode() != null) {
          method.getCode().visit(checker);
        }
      }
    }
  }

  private static final class Checker extends CodeVisitorSupport {
    private final SourceUnit source;
    private final Set<String> ownMethods;

    Checker(SourceUnit source, Set<String> ownMethods) {
      this.source = source;
      this.ownMethods = ownMethods;
    }

    @Override
    public void visitMethodCallExpression(MethodCallExpression call) {
      String name = call.getMethodAsString();
      Expression receiver = call.getObjectExpression();
      if (name == null) {
        refuse(source, call, "method names must be written out, not computed");
      } else if (call.isImplicitThis()) {
        if (!ownMethods.contains(name)) {
          refuse(
              source,
              call,
              "'"
                  + name
                  + "(...)' is not part of the control-file DSL; call job's methods ("
                  + String.join(", ", new TreeSet<>(JOB_METHODS))
                  + "), or call a closure with .call()");
        }
      } else if (isJob(receiver)) {
        if (!JOB_METHODS.contains(name)) {
          refuse(
              source,
              call,
              "job has no method '"
                  + name
                  + "' a control file may call; it has "
                  + String.join(", ", new TreeSet<>(JOB_METHODS)));
        }
      } else if (isJobSysinfo(receiver)) {
        if (!SYSINFO_METHODS.contains(name)) {
          refuse(
              source,
              call,
              "job.sysinfo has no method '" + name + "'; it has add_command and add_logfile");
        }
      } else if (!SAFE_METHODS.contains(name)) {
        refuse(source, call, "calling '" + name + "' is not allowed in a control file");
      }
      // A job call's receiver was checked for what it is, and an implicit `this` is the script's
      // own.
      if (!call.isImplicitThis() && !isJob(receiver) && !isJobSysinfo(receiver)) {
        receiver.visit(this);
      }
      call.getMethod().visit(this);
      call.getArguments().visit(this);
    }

    @Override
    public void visitStaticMethodCallExpression(StaticMethodCallExpression call) {
      if (!ownMethods.contains(call.getMethod())) {
        refuse(source, call, "calling '" + call.getMethod() + "' is not allowed in a control file");
      }
      super.visitStaticMethodCallExpression(call);
    }

    @Override
    public void visitConstructorCallExpression(ConstructorCallExpression call) {
      refuse(
          source,
          call,
          "'new "
              + call.getType().getNameWithoutPackage()
              + "(...)' is not allowed in a control file; it can only use job");
      super.visitConstructorCallExpression(call);
    }

    @Override
    public void visitPropertyExpression(PropertyExpression expression) {
      if (isJobSysinfo(expression)) {
        return;
      }
      refuse(
          source,
          expression,
          "reading '."
              + expression.getPropertyAsString()
              + "' is not allowed in a control file; for a map, write map.get(key)");
      super.visitPropertyExpression(expression);
    }

    @Override
    public void visitBinaryExpression(BinaryExpression expression) {
      // x['name'] reads or writes any property of anything (x['class'], c['delegate'] = ...).
      if (expression.getOperation().getType() == Types.LEFT_SQUARE_BRACKET) {
        refuse(
            source,
            expression,
            "the subscript operator [] is not allowed in a control file; use list.get(i),"
                + " map.get(key) and map.put(key, value)");
      }
      super.visitBinaryExpression(expression);
    }

    @Override
    public void visitAttributeExpression(AttributeExpression expression) {
      refuse(source, expression, "'.@' is not allowed in a control file");
      super.visitAttributeExpression(expression);
    }

    @Override
    public void visitFieldExpression(FieldExpression expression) {
      refuse(source, expression, "fields are not allowed in a control file");
      super.visitFieldExpression(expression);
    }

    @Override
    public void visitMethodPointerExpression(MethodPointerExpression expression) {
      refuse(source, expression, "method pointers ('.&') are not allowed in a control file");
      super.visitMethodPointerExpression(expression);
    }

    @Override
    public void visitClassExpression(ClassExpression expression) {
      refuse(
          source,
          expression,
          "'"
              + expression.getType().getNameWithoutPackage()
              + "' is not allowed in a control file; it sees only job and its own variables");
    }

    @Override
    public void visitCastExpression(CastExpression expression) {
      if (!CASTS.contains(expression.getType().redirect())) {
        refuse(
            source,
            expression,
            "converting to "
                + expression.getType().getNameWithoutPackage()
                + " is not allowed in a control file");
      }
      super.visitCastExpression(expression);
    }

    @Override
    public void visitVariableExpression(VariableExpression expression) {
      String name = expression.getName();
      if (expression.isThisExpression() || expression.isSuperExpression()) {
        refuse(source, expression, "'" + name + "' is not allowed in a control file");
      } else if (expression.getAccessedVariable() instanceof DynamicVariable
          && !isJob(expression)) {
        refuse(
            source,
            expression,
            "unknown variable '"
                + name
                + "': a control file sees only job and the variables it declares with def");
      }
    }

    private static boolean isJob(Expression expression) {
      return expression instanceof VariableExpression variable
          && variable.getName().equals("job")
          && variable.getAccessedVariable() instanceof DynamicVariable;
    }

    private static boolean isJobSysinfo(Expression expression) {
      return expression instanceof PropertyExpression property
          && isJob(property.getObjectExpression())
          && "sysinfo".equals(property.getPropertyAsString());
    }
  }
}
