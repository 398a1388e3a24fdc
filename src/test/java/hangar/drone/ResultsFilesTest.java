package hangar.drone;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hangar.results.LinkTarget;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drone's results folder as the protocol's files, read and purge requests see it. */
class ResultsFilesTest {
  @TempDir Path dir;

  private ResultsFiles files() throws Exception {
    Path root = Files.createDirectories(dir.resolve("results"));
    Path job = Files.createDirectories(root.resolve("3-alice/board7/shell/debug"));
    Files.writeString(root.resolve("3-alice/board7/status.log"), "START\tshell\n");
    Files.writeString(job.resolve("stdout"), "hello\n");
    Files.writeString(dir.resolve("secret"), "outside\n");
    return new ResultsFiles(root);
  }

  @Test
  void a_listing_with_sums_names_every_file_with_its_size_and_sha256() throws Exception {
    ResultsFiles files = files();

    List<DroneFile> listed = files.list("3-alice/board7", true);

    assertThat(listed)
        .extracting(DroneFile::path)
        .containsExactlyInAnyOrder("shell", "shell/debug", "shell/debug/stdout", "status.log");
    DroneFile status = listed.stream().filter(f -> f.path().equals("status.log")).findFirst().get();
    assertThat(status.size()).isEqualTo(12);
    // sha256("START\tshell\n"), computed independently with sha256sum
    assertThat(status.sha256())
        .isEqualTo(ResultsFiles.sha256(files.root().resolve("3-alice/board7/status.log")))
        .hasSize(64);
    assertThat(files.list("3-alice/board7", false))
        .extracting(DroneFile::path)
        .containsExactly("shell", "status.log");
  }

  @Test
  void reads_start_at_the_offset_and_stop_at_the_end() throws Exception {
    ResultsFiles files = files();

    assertThat(new String(files.read("3-alice/board7/status.log", 6, 100), UTF_8))
        .isEqualTo("shell\n");
    assertThat(files.read("3-alice/board7/status.log", 12, 100)).isEmpty();
    assertThat(files.read("3-alice/board7/status.log", 500, 100)).isEmpty();
  }

  @Test
  void no_path_leaves_the_results_folder() throws Exception {
    ResultsFiles files = files();
    Files.createSymbolicLink(files.root().resolve("3-alice/link"), dir.resolve("secret"));

    assertThatThrownBy(() -> files.read("../secret", 0, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leaves the results folder");
    assertThatThrownBy(() -> files.read(dir.resolve("secret").toString(), 0, 100))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> files.read("3-alice/link", 0, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("links out");
    assertThatThrownBy(() -> files.purge("..")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> files.purge("."))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole results folder");
    assertThatThrownBy(() -> files.read("3-alice/missing", 0, 1))
        .isInstanceOf(NoSuchFileException.class);
    assertThat(dir.resolve("secret")).exists();
  }

  @Test
  void links_out_are_listed_without_their_target_and_refused_for_every_request() throws Exception {
    ResultsFiles files = files();
    Path board = files.root().resolve("3-alice/board7");
    Files.createSymbolicLink(board.resolve("passwd"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(board.resolve("secrets"), dir);
    Files.createSymbolicLink(board.resolve("log"), Path.of("status.log"));

    assertThat(files.list("3-alice/board7", false))
        .containsExactly(
            new DroneFile("log", false, 12, null, LinkTarget.INSIDE),
            new DroneFile("passwd", false, 0, null, LinkTarget.OUTSIDE),
            new DroneFile("secrets", false, 0, null, LinkTarget.OUTSIDE),
            new DroneFile("shell", true, 0, null, null),
            new DroneFile("status.log", false, 12, null, null));
    // A copy (with sums) takes what is inside and no link at all.
    assertThat(files.list("3-alice/board7", true))
        .extracting(DroneFile::path)
        .containsExactlyInAnyOrder("shell", "shell/debug", "shell/debug/stdout", "status.log");
    for (String path :
        List.of(
            "3-alice/board7/passwd", "3-alice/board7/secrets", "3-alice/board7/secrets/secret")) {
      assertThatThrownBy(() -> files.read(path, 0, 100))
          .as(path)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("links out of the results folder");
      assertThatThrownBy(() -> files.list(path, false))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> files.readWhole("3-alice/board7", List.of("passwd")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new String(files.read("3-alice/board7/log", 0, 100), UTF_8))
        .isEqualTo("START\tshell\n");
    assertThat(files.list("3-alice/board7/log", false))
        .containsExactly(new DroneFile("log", false, 12, null, null));
  }

  @Test
  void purge_removes_a_link_and_never_what_it_points_to() throws Exception {
    ResultsFiles files = files();
    Path board = files.root().resolve("3-alice/board7");
    Files.createSymbolicLink(board.resolve("secrets"), dir);
    Files.createSymbolicLink(files.root().resolve("3-alice/away"), dir);

    files.purge("3-alice/away");
    files.purge("3-alice/board7");

    assertThat(files.root().resolve("3-alice/away")).doesNotExist();
    assertThat(board).doesNotExist();
    assertThat(dir.resolve("secret")).hasContent("outside");
  }

  @Test
  void purge_deletes_a_folder_and_everything_under_it_and_is_idempotent() throws Exception {
    ResultsFiles files = files();

    files.purge("3-alice/board7");
    files.purge("3-alice/board7");

    assertThat(files.root().resolve("3-alice/board7")).doesNotExist();
    assertThat(files.root().resolve("3-alice")).exists();
  }
}
