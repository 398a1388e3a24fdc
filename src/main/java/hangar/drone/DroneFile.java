package hangar.drone;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * A file or folder under a drone's results folder.
 *
 * @param path its path relative to the folder that was listed, with {@code /} separators
 * @param directory true for a folder
 * @param size its size in bytes; 0 for a folder
 * @param sha256 its SHA-256 in hex when sums were asked, or null
 * @param link where it points when it is a symbolic link (listings without sums), else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DroneFile(
    String path, boolean directory, long size, String sha256, hangar.results.LinkTarget link) {
  public DroneFile {
    Objects.requireNonNull(path, "path");
  }
}
