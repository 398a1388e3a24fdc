package hangar.lab;

import java.util.List;

/**
 * A host to register: its name, its labels and its first settings, all checked before anything is
 * written, so that a request with one bad field registers nothing.
 *
 * @param hostname the host's name ({@link Names#host})
 * @param labels names of existing labels to put on it
 * @param settings its first settings; {@link HostSettings#NONE} for the defaults
 */
public record HostRequest(String hostname, List<String> labels, HostSettings settings) {
  public HostRequest {
    Names.host(hostname);
    labels = List.copyOf(Names.checkAll(Names.Kind.LABEL, labels == null ? List.of() : labels));
    settings = settings == null ? HostSettings.NONE : settings;
  }

  /** A host with these labels and this protection, everything else at its default. */
  public static HostRequest of(String hostname, List<String> labels, Protection protection) {
    return new HostRequest(hostname, labels, HostSettings.protect(protection));
  }
}
