package hangar.cli;

import hangar.lab.Names;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * atest's machine list: host names and meta-hosts, separated by commas or white space. {@code
 * N*LABEL} asks for N hosts carrying the label, {@code *LABEL} for one; a host named twice counts
 * once.
 *
 * @param hosts the named hosts, in order, without duplicates
 * @param metaHosts one label per meta-host entry
 */
record MachineList(List<String> hosts, List<String> metaHosts) {
  private static final Pattern META_HOST = Pattern.compile("(\\d*)\\*(.+)");
  private static final Pattern SEPARATORS = Pattern.compile("[,\\s]+");

  MachineList {
    hosts = List.copyOf(hosts);
    metaHosts = List.copyOf(metaHosts);
  }

  /**
   * Parses the items of {@code -m} and of a {@code -M} file.
   *
   * @throws IllegalArgumentException for a meta-host with no label or a count of zero
   */
  static MachineList parse(List<String> items) {
    Set<String> hosts = new LinkedHashSet<>();
    List<String> metaHosts = new ArrayList<>();
    for (String item : items) {
      for (String word : SEPARATORS.split(item.strip())) {
        if (word.isEmpty()) {
          continue;
        }
        Matcher meta = META_HOST.matcher(word);
        if (!meta.matches()) {
          hosts.add(Names.host(word));
          continue;
        }
        Names.label(meta.group(2));
        int count = meta.group(1).isEmpty() ? 1 : parseCount(word, meta.group(1));
        for (int i = 0; i < count; i++) {
          metaHosts.add(meta.group(2));
        }
      }
    }
    return new MachineList(new ArrayList<>(hosts), metaHosts);
  }

  /** The words of a machine list file: # starts a comment to the end of its line. */
  static List<String> fileItems(String text) {
    List<String> items = new ArrayList<>();
    for (String line : text.split("\\R")) {
      int hash = line.indexOf('#');
      items.add(hash >= 0 ? line.substring(0, hash) : line);
    }
    return items;
  }

  /** This list with more named hosts; ones already named count once. */
  MachineList withHosts(List<String> more) {
    Set<String> all = new LinkedHashSet<>(hosts);
    all.addAll(more);
    return new MachineList(new ArrayList<>(all), metaHosts);
  }

  boolean isEmpty() {
    return hosts.isEmpty() && metaHosts.isEmpty();
  }

  /** As people read it: {@code board1, 2*x86_64}. */
  String describe() {
    List<String> parts = new ArrayList<>(hosts);
    metaHosts.stream()
        .distinct()
        .forEach(
            label -> parts.add(metaHosts.stream().filter(label::equals).count() + "*" + label));
    return String.join(", ", parts);
  }

  private static int parseCount(String word, String digits) {
    int count;
    try {
      count = Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + word + "' asks for too many hosts", e);
    }
    if (count < 1) {
      throw new IllegalArgumentException("'" + word + "' asks for no host; use 1*LABEL or more");
    }
    return count;
  }
}
