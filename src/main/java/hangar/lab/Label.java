package hangar.lab;

/**
 * A tag on hosts that jobs select by.
 *
 * @param id database id
 * @param name unique name, for example {@code x86_64}
 * @param platform true for a platform label (a host has at most one)
 * @param onlyIfNeeded a host carrying it is used only by jobs that ask for it
 * @param hostCount how many hosts carry it
 */
public record Label(long id, String name, boolean platform, boolean onlyIfNeeded, int hostCount) {
  public Label {
    Names.label(name);
  }
}
