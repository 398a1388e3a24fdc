package hangar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files and folders made for their owner alone, and older ones narrowed, on a real disk. */
class PrivateFilesTest {
  @TempDir Path dir;

  @Test
  void new_folders_files_and_streams_are_the_owners_alone() throws Exception {
    Path deep = PrivateFiles.createDirectories(dir.resolve("a/b/c"));
    Path file = PrivateFiles.createFileIfAbsent(deep.resolve("log"));
    try (OutputStream out = PrivateFiles.newOutputStream(deep.resolve("copy"))) {
      out.write(1);
    }
    PrivateFiles.write(deep.resolve("token"), "x".getBytes(StandardCharsets.UTF_8));

    for (Path folder : new Path[] {dir.resolve("a"), dir.resolve("a/b"), deep}) {
      assertThat(mode(folder)).as(folder.toString()).isEqualTo("rwx------");
    }
    for (Path f : new Path[] {file, deep.resolve("copy"), deep.resolve("token")}) {
      assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------");
    }
    assertThat(deep.resolve("token")).hasContent("x");
    try (var left = Files.list(deep)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("log", "copy", "token");
    }
  }

  @Test
  void an_existing_file_opened_for_writing_is_narrowed_and_one_appended_to_is_kept()
      throws Exception {
    Path open = Files.writeString(dir.resolve("open"), "old");
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));

    try (OutputStream out = PrivateFiles.newOutputStream(open)) {
      out.write('n');
    }
    PrivateFiles.createFileIfAbsent(open);

    assertThat(mode(open)).isEqualTo("rw-------");
    assertThat(open).hasContent("n");
  }

  @Test
  void tighten_narrows_a_tree_skips_what_it_is_told_and_never_follows_or_changes_a_link()
      throws Exception {
    Path tree = Files.createDirectories(dir.resolve("var/db"));
    Path skipped = Files.createDirectories(dir.resolve("var/results/1-admin"));
    Path target = Files.writeString(dir.resolve("elsewhere"), "not ours");
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
    Path db = Files.writeString(tree.resolve("hangar.mv.db"), "");
    Path script = Files.writeString(tree.resolve("run"), "");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-rw-r--"));
    Files.createSymbolicLink(tree.resolve("link"), target);
    for (Path folder : new Path[] {dir.resolve("var"), tree, skipped}) {
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    PrivateFiles.Tightened done =
        PrivateFiles.tighten(dir.resolve("var"), dir.resolve("var/results")::equals);

    assertThat(done.changed()).isEqualTo(4);
    assertThat(done.failed()).isEmpty();
    assertThat(mode(dir.resolve("var"))).isEqualTo("rwx------");
    assertThat(mode(tree)).isEqualTo("rwx------");
    assertThat(mode(db)).isEqualTo("rw-------");
    assertThat(mode(script)).isEqualTo("rwx------");
    assertThat(mode(target)).isEqualTo("rw-r--r--");
    assertThat(mode(skipped)).isEqualTo("rwxr-xr-x");
    assertThat(PrivateFiles.isPrivate(dir.resolve("var"))).isTrue();
    assertThat(PrivateFiles.isPrivate(skipped)).isFalse();
  }

  private static String mode(Path path) throws Exception {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
  }
}
