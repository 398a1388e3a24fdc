package hangar.results;

import static java.nio.charset.StandardCharsets.UTF_8;

import hangar.HangarException;
import hangar.host.Shell;
import hangar.host.SshHost;
import hangar.host.SshSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A machine other than the server's that keeps results, reached over SSH: the results host ({@code
 * results_host}, where every finished job's folder goes) or the archive host ({@code archive_host},
 * searched last). The server reads its files over SFTP to serve them; the scheduler sends folders
 * to it with {@code rsync} and checks them with {@code sha256sum} there.
 */
public final class ResultsHost {
  private static final Logger LOG = LoggerFactory.getLogger(ResultsHost.class);

  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(30);

  private final String name;
  private final String user;
  private final int port;
  private final String dir;
  private final SshSettings ssh;
  private final Clock clock;
  private SshHost host;

  /**
   * @param name the host, as in {@code results_host} or {@code archive_host}
   * @param user its {@code <host>_username}, or the server's user
   * @param port its SSH port
   * @param dir the results folder there, absolute
   * @param ssh keys and known hosts
   * @param clock for the commands' timing
   */
  public ResultsHost(String name, String user, int port, String dir, SshSettings ssh, Clock clock) {
    if (!dir.startsWith("/")) {
      throw new IllegalArgumentException("the results folder on " + name + " must be absolute");
    }
    this.name = name;
    this.user = user;
    this.port = port;
    this.dir = dir.length() > 1 && dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
    this.ssh = ssh;
    this.clock = clock;
  }

  /** The host's name. */
  public String name() {
    return name;
  }

  /** {@code user@host:port:dir}, for messages. */
  @Override
  public String toString() {
    return user + "@" + name + ":" + port + ":" + dir;
  }

  /**
   * Sends a folder of the server's results there, as {@code relative}, and checks that every file
   * there has the size and SHA-256 it has here.
   *
   * @throws HangarException if the copy fails or differs
   */
  public void push(Path local, String relative) throws InterruptedException {
    Map<String, String> sums = localSums(local);
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            "rsync",
            "-a",
            "--mkpath",
            "-e",
            ssh.sshCommandLine(port),
            local + "/",
            user + "@" + name + ":" + dir + "/" + relative + "/"));
    run(command);
    Map<String, String> there = remoteSums(relative);
    List<String> wrong = new ArrayList<>();
    sums.forEach(
        (file, sum) -> {
          if (!sum.equals(there.get(file))) {
            wrong.add(file);
          }
        });
    if (!wrong.isEmpty()) {
      throw new HangarException(
          "the copy of " + relative + " on " + this + " differs from the server's: " + wrong);
    }
  }

  /**
   * Lists a path there: a folder's entries, or the file itself. Symbolic links are judged as on the
   * server ({@link Listings}): nothing outside the results folder there is read.
   *
   * @throws NoSuchFileException if nothing is there
   * @throws LinkLeavesResultsException if a symbolic link on the way leads outside
   */
  public synchronized List<ResultsDirectory.Entry> list(String relative) throws IOException {
    try (FileSystem files = connection().files()) {
      Path root = realRoot(files);
      Path path = Listings.resolve(root, relative);
      if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
        return List.of(Listings.entry(path, root));
      }
      List<ResultsDirectory.Entry> entries = new ArrayList<>();
      try (Stream<Path> children = Files.list(path)) {
        for (Path child : children.sorted().toList()) {
          entries.add(Listings.entry(child, root));
        }
      }
      return entries;
    } catch (LinkLeavesResultsException e) {
      throw e;
    } catch (HangarException | IllegalStateException e) {
      drop();
      throw new IOException("cannot reach " + this + ": " + e.getMessage(), e);
    }
  }

  /**
   * True when the path there is a folder.
   *
   * @throws LinkLeavesResultsException if a symbolic link on the way leads outside
   */
  public synchronized boolean isFolder(String relative) throws IOException {
    try (FileSystem files = connection().files()) {
      return Files.isDirectory(
          Listings.resolve(realRoot(files), relative), LinkOption.NOFOLLOW_LINKS);
    } catch (LinkLeavesResultsException e) {
      throw e;
    } catch (HangarException | IllegalStateException e) {
      drop();
      throw new IOException("cannot reach " + this + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a whole file there from {@code offset}, into memory.
   *
   * @throws NoSuchFileException if it is not there
   * @throws LinkLeavesResultsException if a symbolic link on the way leads outside
   */
  public synchronized byte[] read(String relative, long offset) throws IOException {
    try (FileSystem files = connection().files();
        InputStream in = Files.newInputStream(Listings.resolve(realRoot(files), relative))) {
      in.skipNBytes(offset);
      return in.readAllBytes();
    } catch (java.io.EOFException e) {
      return new byte[0];
    } catch (LinkLeavesResultsException e) {
      throw e;
    } catch (HangarException | IllegalStateException e) {
      drop();
      throw new IOException("cannot reach " + this + ": " + e.getMessage(), e);
    }
  }

  /** The real path of the results folder there, against which links are judged. */
  private Path realRoot(FileSystem files) throws IOException {
    return files.getPath(dir).toRealPath();
  }

  private SshHost connection() {
    if (host == null || !host.isOpen()) {
      host = SshHost.connect(name, user, port, ssh, clock);
    }
    return host;
  }

  private void drop() {
    if (host != null) {
      host.close();
      host = null;
    }
  }

  private Map<String, String> remoteSums(String relative) throws InterruptedException {
    String folder = Shell.quote(dir + "/" + relative);
    String listing;
    synchronized (this) {
      Path out = null;
      Path err = null;
      try {
        out = Files.createTempFile("hangar-sums-", ".out");
        err = Files.createTempFile("hangar-sums-", ".err");
        var result =
            connection()
                .run(
                    "cd " + folder + " && find . -type f -print0 | xargs -0 -r sha256sum",
                    out,
                    err,
                    COMMAND_TIMEOUT);
        if (result.exitStatus() != 0) {
          throw new HangarException(
              "cannot check the copy on " + this + ": " + Files.readString(err, UTF_8).strip());
        }
        listing = Files.readString(out, UTF_8);
      } catch (IOException e) {
        throw new HangarException("cannot check the copy on " + this + ": " + e, e);
      } catch (HangarException e) {
        drop();
        throw e;
      } finally {
        deleteQuietly(out);
        deleteQuietly(err);
      }
    }
    Map<String, String> sums = new HashMap<>();
    for (String line : listing.split("\n")) {
      if (line.length() > 66) {
        sums.put(line.substring(66).replaceFirst("^\\./", ""), line.substring(0, 64));
      }
    }
    return sums;
  }

  private static Map<String, String> localSums(Path local) {
    Map<String, String> sums = new HashMap<>();
    try (Stream<Path> walk = Files.walk(local)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        sums.put(
            local.relativize(file).toString().replace('\\', '/'),
            hangar.drone.ResultsFiles.sha256(file));
      }
    } catch (IOException e) {
      throw new HangarException("cannot read the results at " + local + ": " + e, e);
    }
    return sums;
  }

  private void run(List<String> command) throws InterruptedException {
    try {
      Path log = Files.createTempFile("hangar-rsync-", ".log");
      try {
        Process process =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(COMMAND_TIMEOUT.toMinutes(), java.util.concurrent.TimeUnit.MINUTES)) {
          process.destroyForcibly();
          throw new HangarException("rsync to " + this + " did not end within " + COMMAND_TIMEOUT);
        }
        if (process.exitValue() != 0) {
          throw new HangarException(
              "rsync to "
                  + this
                  + " exited "
                  + process.exitValue()
                  + ": "
                  + Files.readString(log).strip());
        }
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new HangarException("cannot run rsync to " + this + ": " + e, e);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debug("could not delete {}", file, e);
    }
  }
}
