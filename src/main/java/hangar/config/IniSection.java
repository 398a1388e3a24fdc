package hangar.config;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code [NAME]} section of an INI file with its entries in file order. A section whose header
 * appears twice is one section; its keys must still be unique.
 */
final class IniSection {
  private final String name;
  private final int line;
  private final Map<String, IniEntry> entries = new LinkedHashMap<>();

  IniSection(String name, int line) {
    this.name = name;
    this.line = line;
  }

  String name() {
    return name;
  }

  /** The line of the section's first header. */
  int line() {
    return line;
  }

  Collection<IniEntry> entries() {
    return Collections.unmodifiableCollection(entries.values());
  }

  void add(IniEntry entry) {
    IniEntry first = entries.putIfAbsent(entry.key(), entry);
    if (first != null) {
      throw entry.error(
          "set twice in ["
              + name
              + "], first on line "
              + first.line()
              + "; keep one of the two lines");
    }
  }
}
