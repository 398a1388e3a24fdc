package hangar.autoserv.sandbox;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Set;
import java.util.TreeSet;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.DynamicVariable;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.expr.ArrayExpression;
import org.codehaus.groovy.ast.expr.AttributeExpression;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.CastExpression;
import org.codehaus.groovy.ast.expr.ClassExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.ConstructorCallExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.FieldExpression;
import org.codehaus.groovy.ast.expr.GStringExpression;
import org.codehaus.groovy.ast.expr.LambdaExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.MethodPointerExpression;
import org.codehaus.groovy.ast.expr.MethodReferenceExpression;
import org.codehaus.groovy.ast.expr.PostfixExpression;
import org.codehaus.groovy.ast.expr.PrefixExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.SpreadExpression;
import org.codehaus.groovy.ast.expr.SpreadMapExpression;
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.CatchStatement;
import org.codehaus.groovy.ast.stmt.ForStatement;
import org.codehaus.groovy.ast.stmt.SynchronizedStatement;
import org.codehaus.groovy.classgen.BytecodeExpression;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.syntax.Types;

/**
 * Refuses every expression that could reach past the DSL, with its line. A call needs a receiver
 * the checker can vouch for: a DSL object ({@code job}, {@code job.sysinfo}, {@code hosts}) with
 * one of its methods, the file's own method or a DSL function without a receiver, or any other
 * expression that passes this check (the file's own values) with a method from {@link
 * ValueCalls#METHODS}, which the guard checks again against what the value really is.
 */
final class ExpressionVisitor extends CodeVisitorSupport {
  private final SourceUnit source;
  private final Dsl dsl;
  private final Set<String> ownMethods;
  private final Declarations declarations;
  private final Set<String> valueMethods;

  ExpressionVisitor(SourceUnit source, Dsl dsl, Set<String> ownMethods, Declarations declarations) {
    this.source = source;
    this.dsl = dsl;
    this.ownMethods = ownMethods;
    this.declarations = declarations;
    this.valueMethods = new TreeSet<>(ValueCalls.METHODS);
    valueMethods.addAll(dsl.valueMethodNames());
  }

  private void refuse(ASTNode node, String message) {
    CompileRefusal.refuse(source, node, message);
  }

  @Override
  public void visitMethodCallExpression(MethodCallExpression call) {
    String name = call.getMethodAsString();
    if (name == null) {
      refuse(call, "method names must be written out in a control file, not computed");
    } else if (call.isSpreadSafe()) {
      refuse(call, "the spread operator '*.' is not allowed in a control file; use collect");
    } else if (call.isImplicitThis()) {
      if (!ownMethods.contains(name) && !dsl.functions().contains(name)) {
        Set<String> callable = new TreeSet<>(ownMethods);
        callable.addAll(dsl.functions());
        refuse(
            call,
            "'"
                + name
                + "(...)' is not part of the control-file DSL; without a receiver a control file"
                + " may call only the methods it defines"
                + (callable.isEmpty()
                    ? " (it has none)"
                    : " and the DSL's: " + String.join(", ", callable))
                + "; call job's methods as job.x(...), a closure as c.call(...)");
      }
    } else {
      DslObject object = GuardInsertion.dslObject(dsl, call.getObjectExpression());
      if (object != null) {
        if (!object.methods().contains(name)) {
          refuse(
              call,
              call.getObjectExpression().getText()
                  + " has no method '"
                  + name
                  + "' a control file may call; it has "
                  + String.join(", ", new TreeSet<>(object.methods())));
        }
      } else {
        if (!valueMethods.contains(name)) {
          refuse(call, "calling '" + name + "' is not allowed in a control file");
        }
        call.getObjectExpression().visit(this);
      }
    }
    call.getArguments().visit(this);
  }

  @Override
  public void visitStaticMethodCallExpression(StaticMethodCallExpression call) {
    if (!ownMethods.contains(call.getMethod())) {
      refuse(call, "calling '" + call.getMethod() + "' is not allowed in a control file");
    }
    super.visitStaticMethodCallExpression(call);
  }

  @Override
  public void visitConstructorCallExpression(ConstructorCallExpression call) {
    refuse(
        call,
        "'new "
            + call.getType().getNameWithoutPackage()
            + "(...)' is not allowed in a control file; it can only use the DSL");
  }

  @Override
  public void visitArrayExpression(ArrayExpression expression) {
    refuse(expression, "arrays are not allowed in a control file; use a list [...]");
  }

  @Override
  public void visitPropertyExpression(PropertyExpression expression) {
    if (GuardInsertion.dslObject(dsl, expression) != null) {
      return;
    }
    String name = expression.getPropertyAsString();
    if (expression.isSpreadSafe()) {
      refuse(expression, "the spread operator '*.' is not allowed in a control file; use collect");
    } else if (name == null || !dsl.valuePropertyNames().contains(name)) {
      refuse(
          expression,
          "reading '."
              + (name == null ? expression.getProperty().getText() : name)
              + "' is not allowed in a control file; for a map, write map.get(key)");
    }
    expression.getObjectExpression().visit(this);
  }

  @Override
  public void visitAttributeExpression(AttributeExpression expression) {
    refuse(expression, "'.@' is not allowed in a control file");
  }

  @Override
  public void visitFieldExpression(FieldExpression expression) {
    refuse(expression, "fields are not allowed in a control file");
  }

  @Override
  public void visitMethodPointerExpression(MethodPointerExpression expression) {
    refuse(expression, "method pointers ('.&') are not allowed in a control file");
  }

  @Override
  public void visitMethodReferenceExpression(MethodReferenceExpression expression) {
    refuse(expression, "method references ('::') are not allowed in a control file");
  }

  @Override
  public void visitLambdaExpression(LambdaExpression expression) {
    refuse(expression, "lambdas are not allowed in a control file; write a closure { x -> ... }");
  }

  @Override
  public void visitClassExpression(ClassExpression expression) {
    refuse(
        expression,
        "'"
            + expression.getType().getNameWithoutPackage()
            + "' is not allowed in a control file; it sees only the DSL and its own variables");
  }

  @Override
  public void visitBytecodeExpression(BytecodeExpression expression) {
    refuse(expression, "generated bytecode is not allowed in a control file");
  }

  @Override
  public void visitSpreadExpression(SpreadExpression expression) {
    refuse(expression, "the spread operator '*' is not allowed in a control file");
  }

  @Override
  public void visitSpreadMapExpression(SpreadMapExpression expression) {
    refuse(expression, "the spread operator '*:' is not allowed in a control file");
  }

  @Override
  public void visitCastExpression(CastExpression expression) {
    if (!Declarations.isAllowed(expression.getType())) {
      refuse(
          expression,
          "converting to "
              + Declarations.shown(expression.getType())
              + " is not allowed in a control file");
    }
    super.visitCastExpression(expression);
  }

  @Override
  public void visitConstantExpression(ConstantExpression expression) {
    Object value = expression.getValue();
    if ((value instanceof BigInteger big && big.bitLength() > Sandbox.MAX_BITS)
        || (value instanceof BigDecimal decimal
            && (Math.abs((long) decimal.scale()) > Sandbox.MAX_SCALE
                || decimal.unscaledValue().bitLength() > Sandbox.MAX_BITS))) {
      refuse(expression, "this number is larger than a control file may use");
    }
  }

  @Override
  public void visitGStringExpression(GStringExpression expression) {
    for (Expression value : expression.getValues()) {
      if (value instanceof ClosureExpression) {
        refuse(value, "a closure inside \"${-> ...}\" is not allowed in a control file");
      }
    }
    super.visitGStringExpression(expression);
  }

  @Override
  public void visitVariableExpression(VariableExpression expression) {
    String name = expression.getName();
    if (expression.isThisExpression() || expression.isSuperExpression()) {
      refuse(expression, "'" + name + "' is not allowed in a control file");
    } else if (expression.getAccessedVariable() instanceof DynamicVariable
        && dsl.functions().contains(name)) {
      refuse(
          expression,
          "'" + name + "' is called like a function, " + name + "(...), not used as a value");
    } else if (expression.getAccessedVariable() instanceof DynamicVariable
        && !dsl.variables().contains(name)) {
      refuse(
          expression,
          "unknown variable '"
              + name
              + "': a control file sees only "
              + String.join(", ", dsl.variables())
              + " and the variables it declares with def");
    }
  }

  @Override
  public void visitDeclarationExpression(DeclarationExpression expression) {
    Expression left = expression.getLeftExpression();
    if (left instanceof VariableExpression variable) {
      declare(variable);
    } else if (left instanceof TupleExpression tuple) {
      for (Expression each : tuple.getExpressions()) {
        if (each instanceof VariableExpression variable) {
          declare(variable);
        }
      }
    }
    expression.getRightExpression().visit(this);
  }

  private void declare(VariableExpression variable) {
    declarations.checkName(variable, variable.getName(), "variable");
    declarations.checkType(variable, variable.getOriginType(), "'" + variable.getName() + "'");
  }

  @Override
  public void visitClosureExpression(ClosureExpression expression) {
    if (expression.getParameters() != null) {
      for (Parameter parameter : expression.getParameters()) {
        declarations.checkParameter(parameter, "a closure");
      }
    }
    super.visitClosureExpression(expression);
  }

  @Override
  public void visitForLoop(ForStatement loop) {
    Parameter variable = loop.getVariable();
    if (variable != null && variable != ForStatement.FOR_LOOP_DUMMY) {
      declarations.checkName(variable, variable.getName(), "loop variable");
      declarations.checkType(variable, variable.getOriginType(), "'" + variable.getName() + "'");
    }
    super.visitForLoop(loop);
  }

  @Override
  public void visitCatchStatement(CatchStatement statement) {
    Parameter variable = statement.getVariable();
    declarations.checkName(variable, variable.getName(), "catch variable");
    String type = variable.getOriginType().redirect().getName();
    if (!type.equals(Exception.class.getName()) && !type.equals(Object.class.getName())) {
      refuse(
          statement,
          "a control file catches only Exception (catch (e) or catch (Exception e)), not "
              + variable.getOriginType().getNameWithoutPackage());
    }
    super.visitCatchStatement(statement);
  }

  @Override
  public void visitSynchronizedStatement(SynchronizedStatement statement) {
    refuse(statement, "synchronized is not allowed in a control file");
  }

  @Override
  public void visitBinaryExpression(BinaryExpression expression) {
    int type = expression.getOperation().getType();
    Expression left = expression.getLeftExpression();
    if (type == Types.ASSIGN) {
      checkAssignmentTarget(left, expression);
    } else if (Operators.COMPOUND.containsKey(type) || type == Types.ELVIS_EQUAL) {
      if (!isLocal(left)) {
        refuse(
            expression,
            "'"
                + expression.getOperation().getText()
                + "' works on local variables only in a control file; write x = x + ...");
      }
    } else if (type == Types.FIND_REGEX) {
      refuse(expression, "'=~' is not allowed in a control file; use text.find(regex) or ==~");
    } else if (type == Types.KEYWORD_INSTANCEOF || type == Types.COMPARE_NOT_INSTANCEOF) {
      refuse(expression, "instanceof is not allowed in a control file");
      return;
    } else if (!Operators.ARITHMETIC.containsKey(type)
        && !Operators.COMPARISONS.containsKey(type)
        && !Operators.LOGICAL.contains(type)
        && type != Types.LEFT_SQUARE_BRACKET
        && type != Types.MATCH_REGEX) {
      refuse(
          expression,
          "the operator '"
              + expression.getOperation().getText()
              + "' is not allowed in a control file");
    }
    super.visitBinaryExpression(expression);
  }

  private void checkAssignmentTarget(Expression left, BinaryExpression assignment) {
    boolean subscript =
        left instanceof BinaryExpression index
            && index.getOperation().getType() == Types.LEFT_SQUARE_BRACKET;
    boolean locals =
        left instanceof TupleExpression tuple
            && !tuple.getExpressions().isEmpty()
            && tuple.getExpressions().stream().allMatch(ExpressionVisitor::isLocal);
    if (left instanceof VariableExpression variable
        && variable.getAccessedVariable() instanceof DynamicVariable
        && dsl.variables().contains(variable.getName())) {
      refuse(
          assignment, "'" + variable.getName() + "' is the DSL's; a control file cannot change it");
    } else if (!isLocal(left) && !subscript && !locals) {
      refuse(
          assignment,
          "a control file assigns only to its own variables and to x[...], not to "
              + left.getText());
    }
  }

  private static boolean isLocal(Expression expression) {
    return expression instanceof VariableExpression variable
        && !(variable.getAccessedVariable() instanceof DynamicVariable)
        && !variable.isThisExpression()
        && !variable.isSuperExpression();
  }

  @Override
  public void visitPrefixExpression(PrefixExpression expression) {
    if (!isLocal(expression.getExpression())) {
      refuse(expression, "'++' and '--' work on local variables only in a control file");
    }
    super.visitPrefixExpression(expression);
  }

  @Override
  public void visitPostfixExpression(PostfixExpression expression) {
    if (!isLocal(expression.getExpression())) {
      refuse(expression, "'++' and '--' work on local variables only in a control file");
    }
    super.visitPostfixExpression(expression);
  }
}
