package hangar.testlib;

import hangar.host.Shell;

/** Installing a package with whichever package manager the host has. */
final class Packages {
  private Packages() {}

  /**
   * A shell command that installs the package with apt-get, dnf, yum, zypper or apk (the first
   * found), through {@code sudo -n} when not root. apt-get refreshes its lists and tries again once
   * when the first attempt fails, as on a fresh machine.
   */
  static String installCommand(String packageName) {
    String pkg = Shell.quote(packageName);
    return "if [ \"$(id -u)\" = 0 ]; then as=; else as='sudo -n'; fi; "
        + "if command -v apt-get >/dev/null 2>&1; then "
        + "$as env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "
        + pkg
        + " || { $as apt-get update -q && $as env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "
        + pkg
        + "; }; "
        + "elif command -v dnf >/dev/null 2>&1; then $as dnf install -y "
        + pkg
        + "; elif command -v yum >/dev/null 2>&1; then $as yum install -y "
        + pkg
        + "; elif command -v zypper >/dev/null 2>&1; then $as zypper --non-interactive install "
        + pkg
        + "; elif command -v apk >/dev/null 2>&1; then $as apk add "
        + pkg
        + "; else echo 'no package manager found (apt-get, dnf, yum, zypper, apk)' >&2; exit 127; fi";
  }
}
