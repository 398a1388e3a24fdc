package hangar.autoserv.sandbox;

import java.util.ArrayList;
import java.util.List;
import org.codehaus.groovy.ast.ClassCodeExpressionTransformer;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.ArrayExpression;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.BitwiseNegationExpression;
import org.codehaus.groovy.ast.expr.BooleanExpression;
import org.codehaus.groovy.ast.expr.CastExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.GStringExpression;
import org.codehaus.groovy.ast.expr.MapEntryExpression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.RangeExpression;
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.AssertStatement;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.ast.stmt.CaseStatement;
import org.codehaus.groovy.ast.stmt.DoWhileStatement;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.ForStatement;
import org.codehaus.groovy.ast.stmt.ReturnStatement;
import org.codehaus.groovy.ast.stmt.Statement;
import org.codehaus.groovy.ast.stmt.SwitchStatement;
import org.codehaus.groovy.ast.stmt.TryCatchStatement;
import org.codehaus.groovy.ast.stmt.WhileStatement;
import org.codehaus.groovy.classgen.ReturnAdder;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.syntax.Token;
import org.codehaus.groovy.syntax.Types;

/** Rewrites one checked method, and the closures in it, to go through {@link Guard}. */
final class GuardRewriter extends ClassCodeExpressionTransformer {
  private static final ClassNode GUARD = ClassHelper.make(Guard.class);

  private final SourceUnit source;
  private final Dsl dsl;

  GuardRewriter(SourceUnit source, Dsl dsl) {
    this.source = source;
    this.dsl = dsl;
  }

  @Override
  protected SourceUnit getSourceUnit() {
    return source;
  }

  /** Rewrites the method's code; {@code counted} methods also count toward the nesting limit. */
  void rewrite(MethodNode method, boolean counted) {
    if (method.getCode() == null) {
      return;
    }
    method.getCode().visit(this);
    if (counted) {
      method.setCode(counted(method.getCode()));
    }
  }

  @Override
  public Expression transform(Expression expression) {
    if (expression == null) {
      return null;
    }
    Expression rewritten = rewritten(expression);
    if (rewritten != expression) {
      rewritten.setSourcePosition(expression);
    }
    return rewritten;
  }

  private Expression rewritten(Expression expression) {
    return switch (expression) {
      case ClosureExpression closure -> closure(closure);
      case MethodCallExpression call -> call(call);
      case PropertyExpression property when GuardInsertion.dslObject(dsl, property) == null ->
          guard(
              "property",
              transform(property.getObjectExpression()),
              new ConstantExpression(property.getPropertyAsString()),
              new ConstantExpression(property.isSafe()));
      case DeclarationExpression declaration -> {
        declaration.setRightExpression(transform(declaration.getRightExpression()));
        yield declaration;
      }
      case BinaryExpression binary -> Operations.rewrite(this, binary);
      case RangeExpression range ->
          guard(
              "range",
              transform(range.getFrom()),
              transform(range.getTo()),
              new ConstantExpression(range.isExclusiveLeft()),
              new ConstantExpression(range.isExclusiveRight()));
      case GStringExpression text -> guard("text", text.transformExpression(this));
      case CastExpression cast -> {
        CastExpression guarded =
            new CastExpression(
                cast.getType(),
                value(transform(cast.getExpression())),
                cast.isIgnoringAutoboxing());
        guarded.setCoerce(cast.isCoerce());
        guarded.setStrict(cast.isStrict());
        yield guarded;
      }
      case BitwiseNegationExpression negation ->
          guard("bitwiseNegate", transform(negation.getExpression()));
      case MapExpression map -> map(map);
      default -> expression.transformExpression(this);
    };
  }

  /** {@code Guard.name(this, arguments...)}. */
  Expression guard(String name, Expression... arguments) {
    List<Expression> all = new ArrayList<>();
    all.add(VariableExpression.THIS_EXPRESSION);
    all.addAll(List.of(arguments));
    return new StaticMethodCallExpression(GUARD, name, new ArgumentListExpression(all));
  }

  /** {@code Guard.value(this, expression)}, except for constants and closures: nothing to walk. */
  Expression value(Expression expression) {
    if (expression instanceof ConstantExpression || expression instanceof ClosureExpression) {
      return expression;
    }
    Expression walked = guard("value", expression);
    walked.setSourcePosition(expression);
    return walked;
  }

  private Expression call(MethodCallExpression call) {
    List<Expression> arguments = new ArrayList<>();
    Expression given = call.getArguments();
    List<Expression> listed =
        given instanceof TupleExpression tuple ? tuple.getExpressions() : List.of(given);
    for (Expression argument : listed) {
      arguments.add(transform(argument));
    }
    if (call.isImplicitThis()
        || GuardInsertion.dslObject(dsl, call.getObjectExpression()) != null) {
      // The file's own method, a DSL function or a DSL object's method: called as written, with
      // each argument walked so that the DSL (and Groovy's error messages) never render a bomb.
      call.setArguments(new ArgumentListExpression(arguments.stream().map(this::value).toList()));
      return call;
    }
    return guard(
        "call",
        transform(call.getObjectExpression()),
        new ConstantExpression(call.getMethodAsString()),
        new ConstantExpression(call.isSafe()),
        new ArrayExpression(ClassHelper.OBJECT_TYPE, arguments));
  }

  private Expression map(MapExpression map) {
    List<MapEntryExpression> entries = new ArrayList<>();
    for (MapEntryExpression entry : map.getMapEntryExpressions()) {
      MapEntryExpression guarded =
          new MapEntryExpression(
              value(transform(entry.getKeyExpression())), transform(entry.getValueExpression()));
      guarded.setSourcePosition(entry);
      entries.add(guarded);
    }
    return new MapExpression(entries);
  }

  private Expression closure(ClosureExpression closure) {
    closure.getCode().visit(this);
    // Make the closure's returns explicit, then walk what each gives back: Groovy's own methods
    // (groupBy, unique, sort...) hash and compare what a closure returns without a guard.
    MethodNode holder =
        new MethodNode(
            "doCall",
            0,
            ClassHelper.OBJECT_TYPE,
            closure.getParameters() == null ? Parameter.EMPTY_ARRAY : closure.getParameters(),
            ClassNode.EMPTY_ARRAY,
            closure.getCode());
    holder.setVariableScope(closure.getVariableScope());
    new ReturnAdder().visitMethod(holder);
    holder
        .getCode()
        .visit(
            new CodeVisitorSupport() {
              @Override
              public void visitReturnStatement(ReturnStatement statement) {
                statement.setExpression(value(statement.getExpression()));
              }

              @Override
              public void visitClosureExpression(ClosureExpression nested) {
                // Its returns are its own, rewritten when it was.
              }
            });
    closure.setCode(counted(holder.getCode()));
    return closure;
  }

  /** {@code Guard.enter(this); try { code } finally { Guard.exit(this) }}. */
  private Statement counted(Statement code) {
    BlockStatement block = new BlockStatement();
    block.addStatement(new ExpressionStatement(guard("enter")));
    block.addStatement(new TryCatchStatement(code, new ExpressionStatement(guard("exit"))));
    block.setSourcePosition(code);
    return block;
  }

  private Statement ticked(Statement body) {
    BlockStatement block = new BlockStatement();
    block.addStatement(new ExpressionStatement(guard("tick")));
    block.addStatement(body);
    return block;
  }

  @Override
  public void visitForLoop(ForStatement loop) {
    super.visitForLoop(loop);
    loop.setLoopBlock(ticked(loop.getLoopBlock()));
  }

  @Override
  public void visitWhileLoop(WhileStatement loop) {
    super.visitWhileLoop(loop);
    loop.setLoopBlock(ticked(loop.getLoopBlock()));
  }

  @Override
  public void visitDoWhileLoop(DoWhileStatement loop) {
    super.visitDoWhileLoop(loop);
    loop.setLoopBlock(ticked(loop.getLoopBlock()));
  }

  @Override
  public void visitSwitch(SwitchStatement statement) {
    statement.setExpression(value(transform(statement.getExpression())));
    for (CaseStatement branch : statement.getCaseStatements()) {
      Expression test = branch.getExpression();
      if (!(test instanceof ConstantExpression)) {
        Expression guarded = guard("caseValue", transform(test));
        guarded.setSourcePosition(test);
        branch.setExpression(guarded);
      }
      branch.getCode().visit(this);
    }
    statement.getDefaultStatement().visit(this);
  }

  @Override
  public void visitAssertStatement(AssertStatement statement) {
    // Guard.check throws its own AssertionError, so Groovy's power assert never renders values.
    Expression condition = transform(statement.getBooleanExpression().getExpression());
    Expression message = transform(statement.getMessageExpression());
    Expression check =
        guard(
            "check",
            condition,
            new ConstantExpression(statement.getBooleanExpression().getExpression().getText()),
            message == null ? ConstantExpression.NULL : message);
    check.setSourcePosition(statement);
    statement.setBooleanExpression(new BooleanExpression(check));
  }

  /** The token of plain assignment, for the rewrite of {@code x += y}. */
  static Token assign(Token like) {
    return Token.newSymbol(Types.ASSIGN, like.getStartLine(), like.getStartColumn());
  }
}
