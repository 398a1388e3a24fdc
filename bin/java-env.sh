# Sourced by bin/hangar, bin/run-tests and .ci/run: finds a JDK 21 or newer.
# find_java prints the java binary: $JAVA_HOME, then `java` on the PATH, then the newest
# under /usr/lib/jvm. require_java NAME does the same or exits with a clear message.

java_major() {
  # A JDK's release file names its version: reading it costs nothing, where starting the JVM to
  # ask costs a tenth of a second on every command. Read with the shell's own builtins: every
  # command forked here delays every CLI command.
  local real release line version
  real="$(readlink -f "$1")"
  release="${real%/bin/java}/release"
  if [ -r "$release" ]; then
    while IFS= read -r line; do
      case "$line" in
        JAVA_VERSION=*)
          version="${line#JAVA_VERSION=\"}"
          echo "${version%%[!0-9]*}"
          return 0
          ;;
      esac
    done <"$release"
  fi
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

find_java() {
  local candidate major
  for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java 2>/dev/null || true)"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then
      major="$(java_major "$candidate")"
      if [ -n "$major" ] && [ "$major" -ge 21 ]; then
        echo "$candidate"
        return 0
      fi
    fi
  done
  local best="" best_major=0
  for candidate in /usr/lib/jvm/*/bin/java; do
    [ -x "$candidate" ] || continue
    major="$(java_major "$candidate")"
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"
      best_major="$major"
    fi
  done
  [ -n "$best" ] && echo "$best"
}

require_java() {
  local found
  if ! found="$(find_java)" || [ -z "$found" ]; then
    echo "$1: no JDK 21 or newer found (looked at \$JAVA_HOME, java on the PATH and /usr/lib/jvm/*)." >&2
    echo "$1: install one (for example Temurin 21 or 25) or point JAVA_HOME at it." >&2
    exit 1
  fi
  echo "$found"
}

# The JAVA_HOME that belongs to a java binary.
java_home_of() {
  dirname "$(dirname "$(readlink -f "$1")")"
}
