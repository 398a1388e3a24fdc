package hangar.tls;

import hangar.HangarException;
import java.nio.file.Path;

/**
 * A certificate, key or CA file that cannot be used. The message reads {@code WHAT FILE: PROBLEM;
 * WAY OUT}, where WHAT is the setting that named the file ({@code tls_cert}, {@code --ca-file}).
 */
public final class TlsFileException extends HangarException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  TlsFileException(String what, Path file, String problem) {
    super(what + " " + file + ": " + problem);
    this.file = file;
  }

  TlsFileException(String what, Path file, String problem, Throwable cause) {
    super(what + " " + file + ": " + problem, cause);
    this.file = file;
  }

  /** The file that cannot be used. */
  public Path file() {
    return file;
  }
}
