package hangar.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** INI files other parts of Hangar read in the config file's dialect (see {@link IniFile}). */
public final class IniFiles {
  private IniFiles() {}

  /**
   * Reads a file into its sections, each a map of lower-cased keys to values, both in file order.
   *
   * @throws ConfigException naming the file and line of the first mistake
   */
  public static Map<String, Map<String, String>> read(Path file) {
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    for (IniSection section : IniFile.read(file).sections()) {
      Map<String, String> entries = new LinkedHashMap<>();
      section.entries().forEach(entry -> entries.put(entry.key(), entry.value()));
      sections.put(section.name(), Collections.unmodifiableMap(entries));
    }
    return Collections.unmodifiableMap(sections);
  }
}
