package hangar.scheduler;

import hangar.HangarException;
import hangar.PrivateFiles;
import hangar.drone.DroneFile;
import hangar.drone.RemoteDrone;
import hangar.drone.ResultsFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Copies a results folder from a remote drone with {@code rsync} over the drone's SSH and checks it
 * while it is copied: the drone lists its files with their SHA-256 while {@code rsync} runs, and
 * each file is hashed here as soon as {@code rsync} reports it received (rsync logs a file after
 * its transfer when its log format names the bytes moved, {@code %b}). Only a file whose early sum
 * does not match is read again once {@code rsync} is done.
 */
final class RsyncCopy {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RsyncCopy.class);

  /** How long an rsync copy may move no data before it gives up. */
  static final Duration IO_TIMEOUT = Duration.ofMinutes(5);

  private RsyncCopy() {}

  /**
   * Copies {@code relative} from the drone into {@code target} and checks every file against the
   * drone's listing.
   *
   * @return the drone's listing, every file of which the copy now has
   * @throws HangarException if rsync fails or the copy differs from the drone's files
   */
  static List<DroneFile> copy(RemoteDrone drone, String relative, Path target)
      throws IOException, InterruptedException {
    PrivateFiles.createDirectories(target);
    try (ExecutorService listing = Executors.newVirtualThreadPerTaskExecutor();
        ExecutorService hasher = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory())) {
      Future<List<DroneFile>> listed = listing.submit(() -> drone.files(relative, true));
      Map<String, Future<String>> early = new HashMap<>();
      rsync(
          drone, relative, target, name -> early.put(name, hasher.submit(() -> sum(target, name))));
      List<DroneFile> files;
      try {
        files = listed.get();
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r
            ? r
            : new HangarException(
                "listing " + relative + " on drone " + drone.name() + " failed", e.getCause());
      }
      List<String> wrong = new ArrayList<>();
      for (DroneFile file : files) {
        if (!file.directory()) {
          check(target, file, early.get(file.path())).ifPresent(wrong::add);
        }
      }
      ResultsTransfer.refuseDifferences(wrong);
      return files;
    }
  }

  /** What is wrong with the copy of one file, or empty when it is whole. */
  private static java.util.Optional<String> check(Path target, DroneFile file, Future<String> early)
      throws IOException, InterruptedException {
    Path local = target.resolve(file.path());
    if (!Files.isRegularFile(local)) {
      return java.util.Optional.of(file.path() + " (missing)");
    }
    long size = Files.size(local);
    if (size != file.size()) {
      return java.util.Optional.of(
          file.path() + " (" + size + " bytes, drone has " + file.size() + ")");
    }
    String sum = null;
    if (early != null) {
      try {
        sum = early.get();
      } catch (ExecutionException e) {
        sum = null; // read again below, now that rsync is done
      }
    }
    if (!file.sha256().equals(sum) && !file.sha256().equals(ResultsFiles.sha256(local))) {
      return java.util.Optional.of(file.path() + " (checksum)");
    }
    return java.util.Optional.empty();
  }

  /** The SHA-256 of a received file, or null if it cannot be read yet. */
  private static String sum(Path target, String name) {
    Path local = target.resolve(name).normalize();
    if (!local.startsWith(target)) {
      return null;
    }
    try {
      return ResultsFiles.sha256(local);
    } catch (IOException e) {
      return null; // read again once rsync is done
    }
  }

  private static void readReceived(
      java.io.InputStream stdout, java.util.function.Consumer<String> received) {
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        int space = line.indexOf(' ');
        if (space > 0
            && !line.endsWith("/")
            && line.chars().limit(space).allMatch(Character::isDigit)) {
          received.accept(line.substring(space + 1));
        }
      }
    } catch (IOException e) {
      // rsync's end closes its output; what was not hashed early is hashed after it.
      LOG.debug("reading rsync's list of received files stopped: {}", e.toString());
    }
  }

  private static void rsync(
      RemoteDrone drone, String relative, Path target, java.util.function.Consumer<String> received)
      throws IOException, InterruptedException {
    // --chmod: the copies are private on the server, whatever the modes on the drone.
    // --timeout: rsync gives up when no data moves for that long, as ssh does on a dead link.
    // --out-format with %b: one line per file once it is received, "<bytes> <name>".
    List<String> command =
        List.of(
            "rsync",
            "-a",
            "--chmod=go=",
            "--delete",
            "--timeout=" + IO_TIMEOUT.toSeconds(),
            "--out-format=%b %n",
            "-e",
            drone.sshCommandLine(),
            drone.rsyncSource(relative),
            target + "/");
    Path log = Files.createTempFile("hangar-rsync-", ".log");
    try {
      Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
      try {
        // Lines are read beside the wait, so that an interrupt (the scheduler stops) ends the wait.
        Thread reader =
            Thread.ofVirtual()
                .name("hangar-rsync-out")
                .start(() -> readReceived(process.getInputStream(), received));
        int status = process.waitFor();
        reader.join();
        if (status != 0) {
          throw new HangarException(
              "rsync from "
                  + drone.target()
                  + " exited "
                  + status
                  + ": "
                  + Files.readString(log).strip());
        }
      } finally {
        // Interrupted (the scheduler stops): the copy does not go on without us.
        process.destroyForcibly();
      }
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
