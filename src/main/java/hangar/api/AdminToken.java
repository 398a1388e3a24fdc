package hangar.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The first admin's API token: made at the server's first start as {@code <data>/admin.token},
 * readable by its owner only. The file is the only clear copy; the server keeps its hash with the
 * other tokens of user {@code admin}, and the CLI run next to the data directory reads it.
 */
public final class AdminToken {
  /** The file name under the data directory. */
  public static final String FILE_NAME = "admin.token";

  private final byte[] token;

  private AdminToken(String token) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads the token from the data directory, creating it on first use.
   *
   * @throws UncheckedIOException when the file cannot be read or written
   */
  public static AdminToken loadOrCreate(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    try {
      if (!Files.exists(file)) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        // Hex, not base64: a token starting with '-' would read as an option on a command line.
        String fresh = HexFormat.of().formatHex(random);
        try {
          Files.createFile(
              file,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          Files.writeString(file, fresh + "\n");
        } catch (FileAlreadyExistsException raced) {
          // another process made it first: use theirs
        }
      }
      String text = Files.readString(file).strip();
      if (text.isEmpty()) {
        throw new IllegalStateException(
            file + " is empty; delete it and restart the server to make a new token");
      }
      return new AdminToken(text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the admin token " + file, e);
    }
  }

  /** The token's text, for the first start's message and for tests. */
  public String value() {
    return new String(token, StandardCharsets.UTF_8);
  }
}
