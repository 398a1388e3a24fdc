package hangar.autoserv.sandbox;

import org.codehaus.groovy.ast.Variable;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.syntax.Types;

/** The rewrite of binary expressions: operators, comparisons, indexes and assignments. */
final class Operations {
  private Operations() {}

  /** The guarded form of {@code binary}, its operands rewritten by {@code rewriter}. */
  static Expression rewrite(GuardRewriter rewriter, BinaryExpression binary) {
    int type = binary.getOperation().getType();
    Expression left = binary.getLeftExpression();
    Expression right = rewriter.transform(binary.getRightExpression());
    if (type == Types.ASSIGN) {
      if (left instanceof BinaryExpression index
          && index.getOperation().getType() == Types.LEFT_SQUARE_BRACKET) {
        return rewriter.guard(
            "putAt",
            rewriter.transform(index.getLeftExpression()),
            rewriter.transform(index.getRightExpression()),
            right);
      }
      // Assigning to a typed variable converts the value: walk it first.
      boolean typed =
          left instanceof VariableExpression variable
              && variable.getAccessedVariable() != null
              && GuardRewriter.converts(variable.getAccessedVariable().getOriginType());
      binary.setRightExpression(typed ? rewriter.value(right) : right);
      return binary;
    }
    Integer compound = Operators.COMPOUND.get(type);
    if (compound != null && left instanceof VariableExpression variable) {
      // x += y becomes x = Guard.op(this, 'plus', x, y).
      VariableExpression operand = read(variable);
      Expression applied =
          rewriter.guard(
              "op", new ConstantExpression(Operators.ARITHMETIC.get(compound)), operand, right);
      applied.setSourcePosition(binary);
      return new BinaryExpression(left, GuardRewriter.assign(binary.getOperation()), applied);
    }
    Expression leftRewritten = rewriter.transform(left);
    String method = Operators.ARITHMETIC.get(type);
    if (method != null) {
      return rewriter.guard("op", new ConstantExpression(method), leftRewritten, right);
    }
    String comparison = Operators.COMPARISONS.get(type);
    if (comparison != null) {
      return rewriter.guard("compare", new ConstantExpression(comparison), leftRewritten, right);
    }
    if (type == Types.LEFT_SQUARE_BRACKET) {
      return rewriter.guard("getAt", leftRewritten, right, new ConstantExpression(binary.isSafe()));
    }
    if (type == Types.MATCH_REGEX) {
      return rewriter.guard("matches", leftRewritten, right);
    }
    // &&, ||, ==> and ?=: they only ask whether a value is true.
    binary.setLeftExpression(type == Types.ELVIS_EQUAL ? left : leftRewritten);
    binary.setRightExpression(right);
    return binary;
  }

  /** A read of the variable {@code target} assigns to, as a separate node. */
  static VariableExpression read(VariableExpression target) {
    Variable variable = target.getAccessedVariable();
    VariableExpression read =
        variable == null
            ? new VariableExpression(target.getName())
            : new VariableExpression(variable);
    read.setClosureSharedVariable(target.isClosureSharedVariable());
    read.setSourcePosition(target);
    return read;
  }
}
