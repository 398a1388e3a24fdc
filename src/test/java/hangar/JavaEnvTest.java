package hangar;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/java-env.sh}, which every launcher sources, finds a JDK 21 or newer: from a JDK's
 * {@code release} file without starting it, from the JVM itself where there is none, and with a
 * clear message where there is no JDK new enough.
 */
class JavaEnvTest {
  @TempDir Path dir;

  @Test
  void a_jdks_version_is_read_from_its_release_file_without_starting_it() throws Exception {
    // Its java cannot run: the version can only have come from the release file.
    Path java = fakeJdk("jdk-21", "JAVA_VERSION=\"21.0.2\"", "exit 99");
    assertThat(run(". bin/java-env.sh; java_major " + java)).isEqualTo("21");
  }

  @Test
  void a_jdk_without_a_release_file_is_asked_itself() throws Exception {
    Path java =
        fakeJdk(null, null, "echo '    java.specification.version = 22' >&2; echo 'java 22' >&2");
    assertThat(run(". bin/java-env.sh; java_major " + java)).isEqualTo("22");
  }

  @Test
  void a_java_home_too_old_is_passed_over_and_none_new_enough_is_a_clear_error() throws Exception {
    Path old = fakeJdk("jdk-17", "JAVA_VERSION=\"17.0.9\"", "exit 99");
    String home = old.getParent().getParent().toString();
    String out =
        run(
            "export JAVA_HOME="
                + home
                + "; . bin/java-env.sh; require_java hangar; echo status $?");
    // Either a JDK 21+ of this machine under /usr/lib/jvm was found, or the message says what to
    // do.
    assertThat(out)
        .satisfiesAnyOf(
            o -> assertThat(o).matches("/usr/lib/jvm/[^/]+/bin/java\nstatus 0"),
            o -> assertThat(o).contains("no JDK 21 or newer found", "point JAVA_HOME at it"));
    assertThat(out).doesNotContain(home);
  }

  private Path fakeJdk(String name, String release, String javaBody) throws IOException {
    Path home = Files.createDirectories(dir.resolve(name == null ? "jdk-bare" : name));
    Path bin = Files.createDirectories(home.resolve("bin"));
    if (release != null) {
      Files.writeString(home.resolve("release"), release + "\nIMPLEMENTOR=\"test\"\n", UTF_8);
    }
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/bin/sh\n" + javaBody + "\n", UTF_8);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return java;
  }

  private static String run(String script) throws Exception {
    Process p = new ProcessBuilder(List.of("bash", "-c", script)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8).strip();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
