package hangar.drone;

import com.fasterxml.jackson.annotation.JsonInclude;
import hangar.HangarException;
import java.util.List;
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

  /**
   * The failure of a copy whose files differ from those of {@code whose} ("the drone's", "the
   * worker's"): names the first five that differ and counts the rest.
   */
  public static HangarException copyDiffers(String whose, List<String> wrong) {
    return new HangarException(
        "the copy differs from "
            + whose
            + " files: "
            + (wrong.size() > 5
                ? wrong.subList(0, 5) + " and " + (wrong.size() - 5) + " more"
                : wrong));
  }
}
