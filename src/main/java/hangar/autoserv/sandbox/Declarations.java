package hangar.autoserv.sandbox;

import static hangar.autoserv.sandbox.CompileRefusal.refuse;

import groovy.lang.Closure;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.GenericsType;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.control.SourceUnit;

/**
 * The names and types a control file declares: its methods, variables and parameters may not take a
 * name of the script's machinery ({@link ReservedNames}) or of the DSL, and may only be typed with
 * plain value types. A type is a conversion: {@code Class c = 'java.lang.Runtime'} loads a class, a
 * method returning {@code File} makes a file of a string.
 */
final class Declarations {
  /** The types a control file may declare, cast to and convert to. */
  static final Set<String> TYPES =
      Set.of(
          Object.class.getName(),
          "void",
          "int",
          "long",
          "double",
          "float",
          "short",
          "byte",
          "char",
          "boolean",
          Integer.class.getName(),
          Long.class.getName(),
          Double.class.getName(),
          Float.class.getName(),
          Short.class.getName(),
          Byte.class.getName(),
          Character.class.getName(),
          Boolean.class.getName(),
          Number.class.getName(),
          BigDecimal.class.getName(),
          BigInteger.class.getName(),
          String.class.getName(),
          CharSequence.class.getName(),
          List.class.getName(),
          Map.class.getName(),
          Set.class.getName(),
          Collection.class.getName(),
          Closure.class.getName());

  private final SourceUnit source;
  private final Set<String> dslNames;

  Declarations(SourceUnit source, Dsl dsl) {
    this.source = source;
    this.dslNames = dsl.variables();
  }

  /** Checks the name of a method, variable or parameter the file declares. */
  void checkName(ASTNode node, String name, String what) {
    if (dslNames.contains(name)) {
      refuse(
          source,
          node,
          "a "
              + what
              + " may not be named '"
              + name
              + "': that is the DSL's "
              + name
              + "; choose another name");
    } else if (ReservedNames.contains(name)) {
      refuse(
          source,
          node,
          "a "
              + what
              + " may not be named '"
              + name
              + "': Groovy's script, binding and closure machinery has a member of that name,"
              + " and a call or read of it could reach that member; choose another name");
    }
  }

  /** Checks a parameter of a method or closure: its name, its type, no default value. */
  void checkParameter(Parameter parameter, String of) {
    checkName(parameter, parameter.getName(), "parameter of " + of);
    checkType(parameter, parameter.getOriginType(), "parameter '" + parameter.getName() + "'");
    if (parameter.hasInitialExpression()) {
      refuse(
          source,
          parameter,
          "default values of parameters are not allowed in a control file; give the value at"
              + " the call");
    }
  }

  /** Checks a declared type, with its generic arguments. */
  void checkType(ASTNode node, ClassNode type, String what) {
    if (type == null) {
      return;
    }
    if (!isAllowed(type)) {
      refuse(
          source,
          node,
          "the type "
              + shown(type)
              + " of "
              + what
              + " is not allowed in a control file; use def, or one of String, int, long,"
              + " double, boolean, BigDecimal, List, Map, Set or Closure");
      return;
    }
    GenericsType[] generics = type.getGenericsTypes();
    if (generics != null) {
      for (GenericsType generic : generics) {
        if (generic.isPlaceholder() || generic.isWildcard()) {
          refuse(source, node, "type variables and wildcards are not allowed in a control file");
        } else {
          checkType(node, generic.getType(), what);
        }
      }
    }
  }

  /** A type as the file writes it: {@code String[]}, {@code File}. */
  static String shown(ClassNode type) {
    return type.isArray() ? shown(type.getComponentType()) + "[]" : type.getNameWithoutPackage();
  }

  /** Whether a cast or declaration may use {@code type}. */
  static boolean isAllowed(ClassNode type) {
    ClassNode plain = type.redirect();
    return !plain.isArray()
        && (TYPES.contains(plain.getName()) || plain.equals(ClassHelper.DYNAMIC_TYPE));
  }
}
