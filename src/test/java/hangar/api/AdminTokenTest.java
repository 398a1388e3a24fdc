package hangar.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {
  @TempDir Path dir;

  @Test
  void first_start_makes_a_private_token_that_later_starts_read_back() throws IOException {
    AdminToken made = AdminToken.loadOrCreate(dir);

    Path file = dir.resolve(AdminToken.FILE_NAME);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(AdminToken.loadOrCreate(dir).value()).isEqualTo(made.value());
  }

  @Test
  void tokens_never_start_with_a_dash_so_a_command_line_cannot_take_them_for_options(
      @TempDir Path many) throws IOException {
    for (int i = 0; i < 200; i++) {
      String token = AdminToken.loadOrCreate(Files.createDirectory(many.resolve("d" + i))).value();
      assertThat(token).matches("[0-9a-f]{64}");
    }
  }
}
