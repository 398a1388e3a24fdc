package hangar.autoserv.sandbox;

import java.util.Map;
import java.util.Set;

/**
 * An object of the DSL a control file reaches by name ({@code job}) or through another one's
 * property ({@code job.sysinfo}).
 *
 * @param methods the methods a control file may call on it
 * @param properties the properties it may read, each leading to another DSL object
 */
public record DslObject(Set<String> methods, Map<String, DslObject> properties) {
  /** Copies the sets so the record stays immutable. */
  public DslObject {
    methods = Set.copyOf(methods);
    properties = Map.copyOf(properties);
  }

  /** An object with methods and no properties. */
  public static DslObject of(Set<String> methods) {
    return new DslObject(methods, Map.of());
  }
}
