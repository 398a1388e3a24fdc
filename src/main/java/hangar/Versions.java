package hangar;

/**
 * The version of this Hangar build, for {@code --version}, the server's {@code /api/v1/server} and
 * the drones' installation fingerprint: a class of its own so that the roles need not import the
 * command line's entry point.
 */
public final class Versions {
  private Versions() {}

  /** The version from the jar's manifest, or {@code development} when run from classes. */
  public static String current() {
    String version = Versions.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }
}
