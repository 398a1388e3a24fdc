package hangar.autoserv.sandbox;

import java.util.ArrayList;
import java.util.List;
import org.codehaus.groovy.ast.ClassCodeExpressionTransformer;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.DynamicVariable;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.VariableScope;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.ArrayExpression;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.BitwiseNegationExpression;
import org.codehaus.groovy.ast.expr.BooleanExpression;
import org.codehaus.groovy.ast.expr.CastExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ClosureListExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.GStringExpression;
import org.codehaus.groovy.ast.expr.ListExpression;
import org.codehaus.groovy.ast.expr.MapEntryExpression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.PostfixExpression;
import org.codehaus.groovy.ast.expr.PrefixExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.RangeExpression;
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.UnaryMinusExpression;
import org.codehaus.groovy.ast.expr.UnaryPlusExpression;
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
    if (converts(method.getReturnType())) {
      // A typed method converts what it returns (String f() { list } calls toString).
      method.setCode(
          walkingReturns(method.getCode(), method.getParameters(), method.getVariableScope()));
    }
    if (counted) {
      method.setCode(counted(method.getCode()));
    }
  }

  /**
   * Whether assigning to {@code type} converts the value: every type but {@code def}, {@code
   * Object} and {@code void}. A conversion renders a list as text or hashes it into a set, and its
   * failure message renders it too, so the value is walked first.
   */
  static boolean converts(ClassNode type) {
    ClassNode plain = type.redirect();
    return !plain.equals(ClassHelper.OBJECT_TYPE) && !plain.equals(ClassHelper.VOID_TYPE);
  }

  private static boolean declaresType(DeclarationExpression declaration) {
    Expression left = declaration.getLeftExpression();
    if (left instanceof VariableExpression variable) {
      return converts(variable.getOriginType());
    }
    return left instanceof TupleExpression tuple
        && tuple.getExpressions().stream()
            .anyMatch(e -> e instanceof VariableExpression v && converts(v.getOriginType()));
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
        Expression right = transform(declaration.getRightExpression());
        declaration.setRightExpression(declaresType(declaration) ? value(right) : right);
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
      case UnaryMinusExpression minus ->
          new UnaryMinusExpression(value(transform(minus.getExpression())));
      case UnaryPlusExpression plus ->
          new UnaryPlusExpression(value(transform(plus.getExpression())));
      case PrefixExpression prefix ->
          stepped(prefix, prefix.getExpression(), prefix.getOperation().getText(), true);
      case PostfixExpression postfix ->
          stepped(postfix, postfix.getExpression(), postfix.getOperation().getText(), false);
      // The (init; test; update) of a classic for loop is a ClosureListExpression, a list only
      // by inheritance.
      case ClosureListExpression loopParts -> loopParts.transformExpression(this);
      case ListExpression list -> guard("made", list.transformExpression(this));
      case MapExpression map -> guard("made", map(map));
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
    List<Expression> walked = arguments.stream().map(this::value).toList();
    if (call.isImplicitThis() && dsl.functions().contains(call.getMethodAsString())) {
      // parallel_simple(...) becomes Guard.dsl(this, parallel_simple).call(...): charged as a
      // DSL call, then called as the closure it is.
      VariableExpression function = new VariableExpression(call.getMethodAsString());
      function.setAccessedVariable(new DynamicVariable(call.getMethodAsString(), false));
      return new MethodCallExpression(
          guard("dsl", function), "call", new ArgumentListExpression(walked));
    }
    if (call.isImplicitThis()) {
      // The file's own method: called as written, with each argument walked so that Groovy's
      // message for a call that matches no method never renders a bomb.
      call.setArguments(new ArgumentListExpression(walked));
      return call;
    }
    if (GuardInsertion.dslObject(dsl, call.getObjectExpression()) != null) {
      // A DSL object's method: charged as a DSL call, arguments walked so that the DSL never
      // renders a bomb.
      call.setObjectExpression(guard("dsl", call.getObjectExpression()));
      call.setArguments(new ArgumentListExpression(walked));
      return call;
    }
    return guard(
        "call",
        transform(call.getObjectExpression()),
        new ConstantExpression(call.getMethodAsString()),
        new ConstantExpression(call.isSafe()),
        new ArrayExpression(ClassHelper.OBJECT_TYPE, arguments));
  }

  /**
   * {@code ++x} becomes {@code x = Guard.next(this, x)}, and {@code x++} becomes {@code
   * Guard.first(this, x, x = Guard.next(this, x))}: on text, {@code next()} copies the text, so the
   * guard charges it.
   */
  private Expression stepped(Expression change, Expression operand, String token, boolean prefix) {
    if (!(operand instanceof VariableExpression variable)) {
      return change.transformExpression(this);
    }
    String method = token.equals("++") ? "next" : "previous";
    Expression stepped = guard(method, Operations.read(variable));
    stepped.setSourcePosition(change);
    Expression assigned =
        new BinaryExpression(
            variable,
            Token.newSymbol(Types.ASSIGN, change.getLineNumber(), change.getColumnNumber()),
            stepped);
    assigned.setSourcePosition(change);
    return prefix ? assigned : guard("first", Operations.read(variable), assigned);
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
    // Walk what the closure gives back: Groovy's own methods (groupBy, unique, sort...) hash and
    // compare what a closure returns without a guard.
    Parameter[] parameters =
        closure.getParameters() == null ? Parameter.EMPTY_ARRAY : closure.getParameters();
    Statement code = walkingReturns(closure.getCode(), parameters, closure.getVariableScope());
    closure.setCode(counted(code));
    return closure;
  }

  /** {@code code} with its returns made explicit and each returned value walked. */
  private Statement walkingReturns(Statement code, Parameter[] parameters, VariableScope scope) {
    MethodNode holder =
        new MethodNode(
            "doCall", 0, ClassHelper.OBJECT_TYPE, parameters, ClassNode.EMPTY_ARRAY, code);
    holder.setVariableScope(scope);
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
    return holder.getCode();
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
    Parameter variable = loop.getVariable();
    if (variable != null
        && variable != ForStatement.FOR_LOOP_DUMMY
        && converts(variable.getOriginType())) {
      // for (String s in list) converts each element.
      loop.setCollectionExpression(value(loop.getCollectionExpression()));
    }
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
