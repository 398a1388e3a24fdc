package hangar.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Symbolic links in a results folder, made for real: links to {@code /etc/passwd} and to a folder
 * outside are listed without anything of their target and never resolved for reading; links that
 * stay inside work as the files they point to.
 */
class ListingsTest {
  @TempDir Path dir;

  private Path root;
  private Path host;
  private Path outside;

  @BeforeEach
  void results_with_links() throws Exception {
    root = Files.createDirectories(dir.resolve("results")).toRealPath();
    host = Files.createDirectories(root.resolve("3-eve/board7"));
    Files.writeString(host.resolve("status.log"), "START\tshell\n");
    Files.createDirectories(host.resolve("shell/debug"));
    outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("secret"), "0123456789abcdef0123456789");
    Files.createSymbolicLink(host.resolve("passwd"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(host.resolve("etc"), Path.of("/etc"));
    Files.createSymbolicLink(host.resolve("elsewhere"), outside);
    Files.createSymbolicLink(host.resolve("climb"), Path.of("../../../outside/secret"));
    Files.createSymbolicLink(host.resolve("log"), Path.of("status.log"));
    Files.createSymbolicLink(host.resolve("debug"), Path.of("shell/debug"));
    Files.createSymbolicLink(host.resolve("absolute"), host.resolve("status.log"));
    // A link inside that leads to a link out: the chain is judged, not the first step.
    Files.createSymbolicLink(host.resolve("relay"), Path.of("elsewhere/secret"));
    Files.createSymbolicLink(host.resolve("nowhere"), Path.of("missing"));
    Files.createSymbolicLink(host.resolve("loop"), Path.of("loop"));
  }

  @Test
  void a_link_out_of_the_folder_is_listed_with_no_size_and_no_kind_of_its_target()
      throws Exception {
    for (String name : new String[] {"passwd", "etc", "elsewhere", "climb", "relay", "loop"}) {
      assertThat(Listings.entry(host.resolve(name), root))
          .as(name)
          .isEqualTo(new ResultsDirectory.Entry(name, false, 0, LinkTarget.OUTSIDE));
    }
    assertThat(Listings.entry(host.resolve("nowhere"), root))
        .isEqualTo(new ResultsDirectory.Entry("nowhere", false, 0, LinkTarget.OUTSIDE));
  }

  @Test
  void a_link_that_stays_inside_is_listed_as_its_target() throws Exception {
    assertThat(Listings.entry(host.resolve("log"), root))
        .isEqualTo(new ResultsDirectory.Entry("log", false, 12, LinkTarget.INSIDE));
    assertThat(Listings.entry(host.resolve("absolute"), root))
        .isEqualTo(new ResultsDirectory.Entry("absolute", false, 12, LinkTarget.INSIDE));
    assertThat(Listings.entry(host.resolve("debug"), root))
        .isEqualTo(new ResultsDirectory.Entry("debug", true, 0, LinkTarget.INSIDE));
    assertThat(Listings.entry(host.resolve("status.log"), root))
        .isEqualTo(new ResultsDirectory.Entry("status.log", false, 12, null));
  }

  @Test
  void a_path_through_a_link_out_is_refused_and_one_through_a_link_inside_resolves()
      throws Exception {
    for (String path :
        new String[] {
          "3-eve/board7/passwd",
          "3-eve/board7/etc",
          "3-eve/board7/etc/passwd",
          "3-eve/board7/elsewhere/secret",
          "3-eve/board7/climb",
          "3-eve/board7/relay",
          "3-eve/board7/loop"
        }) {
      assertThatThrownBy(() -> Listings.resolve(root, path))
          .as(path)
          .isInstanceOf(LinkLeavesResultsException.class)
          .hasMessageContaining("'" + path + "' is a symbolic link")
          .hasMessageContaining("outside the results folder");
    }
    assertThat(Listings.resolve(root, "3-eve/board7/log")).isEqualTo(host.resolve("status.log"));
    assertThat(Listings.resolve(root, "3-eve/board7/debug")).isEqualTo(host.resolve("shell/debug"));
    assertThat(Listings.resolve(root, "")).isEqualTo(root);
  }

  @Test
  void climbing_out_by_name_or_asking_an_absolute_path_is_a_bad_request() {
    for (String path : new String[] {"../outside/secret", "3-eve/../../outside", "/etc/passwd"}) {
      assertThatThrownBy(() -> Listings.resolve(root, path))
          .as(path)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("leaves the results folder");
    }
  }

  @Test
  void a_missing_path_or_a_dangling_link_inside_is_not_found() {
    assertThatThrownBy(() -> Listings.resolve(root, "3-eve/board7/nothing"))
        .isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> Listings.resolve(root, "3-eve/board7/nowhere"))
        .isInstanceOf(NoSuchFileException.class);
  }
}
