package hangar.lab;

import java.util.List;

/**
 * A set of hosts that run a job together or not at all: a job asking for the group gets every host
 * of its session from one of the group's labels, at least its synch count and at most {@code
 * maxNumberOfMachines} of them (Autotest's atomic groups).
 *
 * @param id database id
 * @param name unique name, for example {@code rack1}
 * @param description free text, may be empty
 * @param maxNumberOfMachines the most hosts one job of the group runs on
 * @param labels the names of its labels, sorted; a label belongs to at most one group
 */
public record AtomicGroup(
    long id, String name, String description, int maxNumberOfMachines, List<String> labels) {
  /**
   * The max number of machines of a group created without one: Autotest's {@code
   * INFINITE_MACHINES}, large enough to mean "every host of the label".
   */
  public static final int DEFAULT_MAX_NUMBER_OF_MACHINES = 333_333_333;

  public AtomicGroup {
    Names.atomicGroup(name);
    description = description == null ? "" : description;
    labels = List.copyOf(labels);
    if (maxNumberOfMachines < 1) {
      throw new IllegalArgumentException(
          "atomic group '"
              + name
              + "': max number of machines must be at least 1, was "
              + maxNumberOfMachines);
    }
  }
}
