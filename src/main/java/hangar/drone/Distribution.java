package hangar.drone;

import hangar.HangarException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * The Hangar this process runs, laid out as an installation a remote drone can run: {@code
 * bin/hangar} and {@code bin/java-env.sh}, every jar of the class path in {@code lib/} (a class
 * folder, as in a source checkout, packed into a jar), and {@code VERSION}, a fingerprint of all of
 * it. Two installations with the same fingerprint are the same, so a drone is updated only when it
 * differs.
 *
 * @param staging a local folder holding the installation, ready to send
 * @param fingerprint the Hangar version and a SHA-256 over the installation's files
 */
public record Distribution(Path staging, String fingerprint) {
  /** The file of an installation that holds its fingerprint. */
  public static final String VERSION_FILE = "VERSION";

  private static Distribution current;

  /**
   * The running Hangar's installation, staged once per process under the temporary folder.
   *
   * @throws HangarException if the launcher scripts cannot be found next to the classes
   */
  public static synchronized Distribution current() {
    if (current == null) {
      try {
        current = stage(Files.createTempDirectory("hangar-distribution-"));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot stage the Hangar installation for drones: " + e, e);
      }
    }
    return current;
  }

  private static Distribution stage(Path staging) throws IOException {
    Path lib = Files.createDirectories(staging.resolve("lib"));
    Path bin = Files.createDirectories(staging.resolve("bin"));
    int folders = 0;
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      Path path = Path.of(entry);
      if (Files.isDirectory(path)) {
        // The first folder is the main classes: bin/hangar looks for lib/hangar.jar.
        jar(path, lib.resolve(folders++ == 0 ? "hangar.jar" : "classes-" + folders + ".jar"));
      } else if (Files.isRegularFile(path)) {
        Path target = lib.resolve(path.getFileName());
        if (!Files.exists(target)) {
          Files.copy(path, target);
        }
      }
    }
    Path launchers = launcherFolder();
    for (String script : List.of("hangar", "java-env.sh")) {
      Path target = bin.resolve(script);
      Files.copy(launchers.resolve(script), target, StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    String fingerprint = hangar.Versions.current() + "-" + digest(staging);
    Files.writeString(staging.resolve(VERSION_FILE), fingerprint + "\n", StandardCharsets.UTF_8);
    return new Distribution(staging, fingerprint);
  }

  /** Where {@code bin/hangar} is: next to {@code lib/} in an installation, or in the checkout. */
  private static Path launcherFolder() {
    Path code;
    try {
      code =
          Path.of(
              hangar.Versions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new HangarException("cannot tell where Hangar's classes are loaded from: " + e, e);
    }
    List<Path> candidates = new ArrayList<>();
    Path parent = code.toAbsolutePath().getParent();
    if (parent != null && parent.getParent() != null) {
      candidates.add(parent.getParent().resolve("bin")); // <home>/lib/hangar.jar, target/classes
    }
    candidates.add(Path.of("bin").toAbsolutePath());
    for (Path candidate : candidates) {
      if (Files.isRegularFile(candidate.resolve("hangar"))
          && Files.isRegularFile(candidate.resolve("java-env.sh"))) {
        return candidate;
      }
    }
    throw new HangarException(
        "cannot find bin/hangar and bin/java-env.sh to install on drones; looked in "
            + candidates
            + "; run the scheduler from a Hangar installation or a source checkout");
  }

  private static void jar(Path folder, Path jar) throws IOException {
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream zip = new JarOutputStream(out)) {
      List<Path> files = new ArrayList<>();
      Files.walkFileTree(
          folder,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              files.add(file);
              return FileVisitResult.CONTINUE;
            }
          });
      files.sort(null);
      for (Path file : files) {
        JarEntry entry = new JarEntry(folder.relativize(file).toString().replace('\\', '/'));
        entry.setTime(0); // the same classes give the same jar, so the same fingerprint
        zip.putNextEntry(entry);
        Files.copy(file, zip);
        zip.closeEntry();
      }
    }
  }

  /** A SHA-256 over every file's path and content, in path order. */
  private static String digest(Path staging) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
    List<Path> files;
    try (var walk = Files.walk(staging)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path file : files) {
      digest.update(staging.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
      digest.update(ResultsFiles.sha256(file).getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
  }
}
