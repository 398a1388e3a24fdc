package hangar.drone;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hangar.HangarException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A results folder streamed in frames ({@code send-folder}) arrives whole and private, each file
 * checked as it is written; a frame changed on the way, a path out of the folder or a file missing
 * from the stream is refused, saying which.
 */
class FolderStreamTest {
  @TempDir Path dir;
  private ResultsFiles files;
  private Path folder;

  @BeforeEach
  void folder() throws Exception {
    files = new ResultsFiles(dir.resolve("results"));
    folder = Files.createDirectories(dir.resolve("results/7-job/host"));
    byte[] big = new byte[FolderStream.CHUNK * 2 + 12345];
    new Random(1).nextBytes(big);
    Files.write(folder.resolve("big.bin"), big);
    Files.writeString(
        Files.createDirectories(folder.resolve("debug/deep")).resolve("client.log"), "log\n");
    Files.write(folder.resolve("empty"), new byte[0]);
    Files.createDirectories(folder.resolve("sysinfo"));
    Files.createSymbolicLink(folder.resolve("etc-passwd"), Path.of("/etc/passwd"));
  }

  /** The frames the worker sends for the folder, each copied as the link would carry it. */
  private List<ByteBuffer> frames(long seq) throws Exception {
    List<ByteBuffer> frames = new ArrayList<>();
    List<DroneFile> sent =
        FolderStream.send(
            files,
            "7-job/host",
            seq,
            frame -> {
              ByteBuffer copy = ByteBuffer.allocate(frame.remaining());
              copy.put(frame).flip();
              frames.add(copy);
            });
    assertThat(sent).extracting(DroneFile::path).doesNotContain("etc-passwd");
    return frames;
  }

  private List<DroneFile> listed() throws Exception {
    return FolderStream.send(files, "7-job/host", 1, frame -> {});
  }

  @Test
  void a_folder_arrives_whole_and_private_with_every_sum_checked() throws Exception {
    List<ByteBuffer> frames = frames(42);
    assertThat(frames).allSatisfy(f -> assertThat(FolderStream.seqOf(f)).isEqualTo(42));
    assertThat(frames)
        .allSatisfy(f -> assertThat(f.remaining()).isLessThanOrEqualTo(FolderStream.MAX_FRAME));
    Path copy = dir.resolve("server/7-job/host");
    FolderStream.Receiver receiver = new FolderStream.Receiver(copy);
    frames.forEach(receiver::accept);
    List<DroneFile> sent = listed();
    receiver.finish(sent);

    assertThat(Files.readAllBytes(copy.resolve("big.bin")))
        .isEqualTo(Files.readAllBytes(folder.resolve("big.bin")));
    assertThat(Files.readString(copy.resolve("debug/deep/client.log"))).isEqualTo("log\n");
    assertThat(copy.resolve("empty")).isEmptyFile();
    assertThat(copy.resolve("sysinfo")).isDirectory();
    assertThat(copy.resolve("etc-passwd")).doesNotExist();
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(copy.resolve("big.bin"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy.resolve("debug"))))
        .isEqualTo("rwx------");
    assertThat(sent)
        .filteredOn(f -> f.path().equals("big.bin"))
        .singleElement()
        .satisfies(
            f -> assertThat(f.sha256()).isEqualTo(ResultsFiles.sha256(folder.resolve("big.bin"))));
  }

  @Test
  void a_byte_changed_on_the_way_is_refused_naming_the_file() throws Exception {
    List<ByteBuffer> frames = frames(1);
    ByteBuffer bytes =
        frames.stream()
            .filter(f -> f.get(8) == FolderStream.BYTES && f.remaining() > 1000)
            .findFirst()
            .orElseThrow();
    bytes.put(100, (byte) (bytes.get(100) ^ 1));
    FolderStream.Receiver receiver = new FolderStream.Receiver(dir.resolve("copy"));
    frames.forEach(receiver::accept);
    assertThatThrownBy(() -> receiver.finish(listed()))
        .isInstanceOf(HangarException.class)
        .hasMessageContaining("big.bin arrived with another SHA-256");
  }

  @Test
  void a_path_out_of_the_folder_is_refused_and_nothing_is_written_there() throws Exception {
    byte[] name = "../escaped".getBytes(UTF_8);
    ByteBuffer frame = ByteBuffer.allocate(17 + name.length);
    frame.putLong(1).put(FolderStream.FILE).putLong(0).put(name).flip();
    Path copy = dir.resolve("copy/inner");
    FolderStream.Receiver receiver = new FolderStream.Receiver(copy);
    receiver.accept(frame);
    assertThat(dir.resolve("copy/escaped")).doesNotExist();
    assertThatThrownBy(() -> receiver.finish(List.of()))
        .hasMessageContaining("outside the folder: ../escaped");
  }

  @Test
  void a_stream_that_stops_short_or_lacks_a_listed_file_is_refused() throws Exception {
    List<ByteBuffer> frames = frames(1);
    FolderStream.Receiver cut = new FolderStream.Receiver(dir.resolve("cut"));
    int firstBytes = 0;
    while (frames.get(firstBytes).get(8) != FolderStream.BYTES) {
      firstBytes++;
    }
    frames.subList(0, firstBytes + 1).forEach(cut::accept);
    assertThatThrownBy(() -> cut.finish(listed())).hasMessageContaining("stopped inside");

    FolderStream.Receiver receiver = new FolderStream.Receiver(dir.resolve("copy"));
    frames.forEach(receiver::accept);
    List<DroneFile> more = new ArrayList<>(listed());
    more.add(new DroneFile("never-sent", false, 3, "00", null));
    assertThatThrownBy(() -> receiver.finish(more)).hasMessageContaining("never-sent (missing)");
  }

  @Test
  void a_copy_replaces_what_an_earlier_attempt_left() throws Exception {
    Path copy = Files.createDirectories(dir.resolve("copy"));
    Files.writeString(copy.resolve("stale"), "from a broken attempt");
    FolderStream.Receiver receiver = new FolderStream.Receiver(copy);
    frames(1).forEach(receiver::accept);
    receiver.finish(listed());
    assertThat(copy.resolve("stale")).doesNotExist();
    assertThat(copy.resolve("big.bin")).exists();
  }

  @Test
  void a_folder_that_leaves_the_results_or_is_missing_is_refused_before_any_frame() {
    assertThatThrownBy(() -> FolderStream.send(files, "../..", 1, f -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leaves the results folder");
    assertThatThrownBy(() -> FolderStream.send(files, "8-none/host", 1, f -> {}))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
  }
}
