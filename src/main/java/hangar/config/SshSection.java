package hangar.config;

import hangar.host.SshSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code [SSH]}: which private keys sessions offer to hosts and which known-hosts file
 * vouches for them. Missing keys keep OpenSSH's places for the user the drone runs as.
 */
final class SshSection {
  static final String NAME = "SSH";

  private SshSection() {}

  /**
   * Reads the section over {@code defaults}; keys it does not know add a line to {@code warnings}.
   *
   * @throws ConfigException on the first wrong value
   */
  static SshSettings read(IniSection section, SshSettings defaults, List<String> warnings) {
    List<Path> identities = defaults.identities();
    Path knownHosts = defaults.knownHosts();
    for (IniEntry entry : section.entries()) {
      switch (entry.key()) {
        case "identity_files" -> identities = paths(entry);
        case "known_hosts_file" -> knownHosts = Path.of(ConfigValues.absolutePath(entry));
        default -> warnings.add(Warnings.unknownKey(entry, List.of()));
      }
    }
    return new SshSettings(
        identities, knownHosts, false, defaults.connectTimeout(), defaults.keepalive());
  }

  private static List<Path> paths(IniEntry entry) {
    List<Path> paths = new ArrayList<>();
    for (String part : entry.value().split(",")) {
      String path = part.strip();
      if (!ConfigValues.isAbsolutePath(path)) {
        throw entry.error(
            "must be absolute paths of private keys, comma-separated; "
                + ConfigValues.shown(path)
                + " is not");
      }
      paths.add(Path.of(path));
    }
    return paths;
  }
}
