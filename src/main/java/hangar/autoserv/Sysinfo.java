package hangar.autoserv;

import hangar.host.CommandResult;
import hangar.host.HostCommandException;
import hangar.host.Shell;
import hangar.host.TestHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Gathers what a host looked like into the results, after Autotest's sysinfo: at the start of the
 * session into {@code sysinfo/}, after each reboot into {@code sysinfo/boot.N/}, at the end into
 * {@code sysinfo/end/}, and around each test into {@code <test>/sysinfo/} (the kernel messages the
 * test caused, memory, uptime). Every file is one command's output or one file of the host, read in
 * one round trip (the files come back in the command's output). A failure here never fails the job;
 * it is logged.
 *
 * <p>Control files add their own with {@code job.sysinfo.add_command('lsblk')} and {@code
 * job.sysinfo.add_logfile('/var/log/syslog')}; they are gathered wherever the built-in ones are.
 */
public final class Sysinfo {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
  private static final String HEADER = "HANGAR-SYSINFO";

  /** The most one sysinfo file keeps: 16 MB, more than any dmesg or package list. */
  static final int MAX_ITEM_BYTES = 16 * 1024 * 1024;

  /** What a boot, the start and the end gather. */
  private static final List<Item> PER_BOOT =
      List.of(
          Item.command("uname", "uname -a"),
          Item.command("hostname", "hostname"),
          Item.file("cmdline", "/proc/cmdline"),
          Item.file("version", "/proc/version"),
          Item.file("cpuinfo", "/proc/cpuinfo"),
          Item.file("meminfo", "/proc/meminfo"),
          Item.file("modules", "/proc/modules"),
          Item.file("partitions", "/proc/partitions"),
          Item.file("proc_mounts", "/proc/mounts"),
          Item.file("interrupts", "/proc/interrupts"),
          Item.command("lscpu", "lscpu"),
          Item.command("lspci", "lspci -vvnn"),
          Item.command("ip_link", "ip link"),
          Item.command("df", "df -kP"),
          Item.command("uptime", "uptime"),
          Item.command("gcc_version", "gcc --version"),
          Item.command("dmesg", "dmesg"),
          Item.command(
              "installed_packages",
              "if command -v dpkg-query >/dev/null 2>&1; then dpkg-query -W -f='${Package}"
                  + " ${Version}\\n'; elif command -v rpm >/dev/null 2>&1; then rpm -qa | sort;"
                  + " elif command -v apk >/dev/null 2>&1; then apk info -v; fi"));

  /** What is gathered after each test, besides its kernel messages. */
  private static final List<Item> PER_TEST =
      List.of(Item.file("meminfo", "/proc/meminfo"), Item.command("uptime", "uptime"));

  private final List<Item> added = new CopyOnWriteArrayList<>();
  private final DebugLog debug;

  Sysinfo(DebugLog debug) {
    this.debug = debug;
  }

  /** {@code job.sysinfo.add_command(command)}: its output lands in a file named after it. */
  public void add_command(String command) {
    add_command(command, command.replaceAll("[^A-Za-z0-9_.-]+", "_"));
  }

  /** {@code job.sysinfo.add_command(command, file)}: its output lands in {@code file}. */
  public void add_command(String command, String file) {
    added.add(Item.command(checkName(file), command));
  }

  /** {@code job.sysinfo.add_logfile(path)}: a copy of the host's file, named after it. */
  public void add_logfile(String path) {
    add_logfile(path, Path.of(path).getFileName().toString());
  }

  /** {@code job.sysinfo.add_logfile(path, file)}: a copy of the host's file named {@code file}. */
  public void add_logfile(String path, String file) {
    added.add(Item.file(checkName(file), path));
  }

  private static String checkName(String file) {
    if (file == null || !NAME.matcher(file).matches()) {
      throw new IllegalArgumentException(
          "sysinfo file name must be letters, digits, '_', '.' and '-', was '" + file + "'");
    }
    return file;
  }

  /**
   * Gathers the per-boot set (and the added items) into {@code dir}, logging to {@code
   * debugDir/sysinfo.log}.
   */
  void gatherBoot(TestHost host, Path dir, Path debugDir) throws InterruptedException {
    List<Item> items = new ArrayList<>(PER_BOOT);
    items.addAll(added);
    gather(host, dir, items, debugDir);
  }

  /** How many kernel messages the host has now, for {@link #gatherAfterTest}; -1 if unknown. */
  int dmesgLines(TestHost host, Path debugDir) throws InterruptedException {
    Path out = debugDir.resolve("sysinfo.count");
    try {
      CommandResult counted =
          host.run("dmesg 2>/dev/null | wc -l", out, debugDir.resolve("sysinfo.log"), TIMEOUT);
      String text = Files.readString(out, StandardCharsets.UTF_8).strip();
      return counted.isSuccess() && text.matches("\\d+") ? Integer.parseInt(text) : -1;
    } catch (IOException | HostCommandException e) {
      debug.info("sysinfo: cannot count kernel messages on " + host.hostname() + ": " + e);
      return -1;
    } finally {
      deleteQuietly(out);
    }
  }

  /**
   * Gathers the per-test set, the added items and the kernel messages since {@code dmesgBefore}.
   */
  void gatherAfterTest(TestHost host, Path testDir, int dmesgBefore) throws InterruptedException {
    List<Item> items = new ArrayList<>(PER_TEST);
    if (dmesgBefore >= 0) {
      items.add(Item.command("dmesg", "dmesg | tail -n +" + (dmesgBefore + 1)));
    }
    items.addAll(added);
    gather(host, testDir.resolve("sysinfo"), items, testDir.resolve("debug"));
  }

  private void gather(TestHost host, Path dir, List<Item> items, Path debugDir)
      throws InterruptedException {
    StringBuilder script =
        new StringBuilder(
            "d=$(mktemp -d \"${TMPDIR:-/tmp}/hangar-sysinfo.XXXXXX\") && cd \"$d\" || exit 1\n");
    for (Item item : items) {
      script.append(item.shell()).append('\n');
    }
    // Every file goes back in the command's output, each after a header with its name and size:
    // one round trip, where fetching them would take several per file.
    script.append(
        "for f in *; do [ -f \"$f\" ] || continue; printf '"
            + HEADER
            + " %s %s\\n' \"$f\""
            + " \"$(wc -c < \"$f\" | tr -d ' ')\"; cat \"$f\"; done; cd /; rm -rf \"$d\"\n");
    Path log = debugDir.resolve("sysinfo.log");
    Path stream = null;
    try {
      Files.createDirectories(dir);
      Files.createDirectories(log.getParent());
      stream = Files.createTempFile(log.getParent(), "sysinfo", ".stream");
      CommandResult ran = host.run(script.toString(), stream, log, TIMEOUT);
      if (!ran.isSuccess()) {
        debug.info(
            "sysinfo: gathering on "
                + host.hostname()
                + " failed (status "
                + ran.exitStatus()
                + (ran.timedOut() ? ", timed out" : "")
                + "); see "
                + log);
        return;
      }
      int files = unpack(Files.readAllBytes(stream), dir);
      debug.info("sysinfo: gathered " + files + " files from " + host.hostname() + " into " + dir);
    } catch (IOException | RuntimeException e) {
      // A garbled stream or a host that broke off: sysinfo never fails the job, it is logged.
      debug.info("sysinfo: cannot gather from " + host.hostname() + " into " + dir + ": " + e);
    } finally {
      deleteQuietly(stream);
    }
  }

  /** Writes each {@code HEADER name size} and the bytes after it as a file in {@code dir}. */
  static int unpack(byte[] stream, Path dir) throws IOException {
    int at = 0;
    int files = 0;
    while (at < stream.length) {
      int end = at;
      while (end < stream.length && stream[end] != '\n') {
        end++;
      }
      String[] header = new String(stream, at, end - at, StandardCharsets.UTF_8).split(" ");
      if (header.length != 3 || !header[0].equals(HEADER) || !NAME.matcher(header[1]).matches()) {
        throw new IOException("sysinfo stream is garbled at byte " + at);
      }
      int size;
      try {
        size = Integer.parseInt(header[2]);
      } catch (NumberFormatException e) {
        throw new IOException("sysinfo stream has a bad size for " + header[1], e);
      }
      int from = end + 1;
      if (from + size > stream.length) {
        throw new IOException("sysinfo stream ends inside " + header[1]);
      }
      Files.write(dir.resolve(header[1]), java.util.Arrays.copyOfRange(stream, from, from + size));
      files++;
      at = from + size;
    }
    return files;
  }

  private void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      debug.info("sysinfo: cannot remove " + file + ": " + e);
    }
  }

  /**
   * One file of sysinfo: a command's output or a copy of a file.
   *
   * @param name the file name in the sysinfo folder
   * @param command a shell command (for a file: its path)
   * @param isFile true when {@code command} is the path of a file to copy
   */
  private record Item(String name, String command, boolean isFile) {
    static Item command(String name, String command) {
      return new Item(name, command, false);
    }

    static Item file(String name, String path) {
      return new Item(name, path, true);
    }

    /**
     * The line of the gathering script: a missing file or command leaves no file behind, each
     * command runs in a subshell of its own (its {@code cd} or {@code exit} stays there), and each
     * file keeps at most its first {@value #MAX_ITEM_BYTES} bytes.
     */
    String shell() {
      String target = Shell.quote(name);
      String cap = " | head -c " + MAX_ITEM_BYTES + " >" + target;
      if (isFile) {
        return "[ -r " + Shell.quote(command) + " ] && cat " + Shell.quote(command) + " 2>&1" + cap;
      }
      String program = command.strip().split("\\s+")[0];
      boolean plain = program.matches("[A-Za-z0-9_.-]+") && !program.equals("if");
      String run = "( " + command + "\n) 2>&1" + cap;
      return plain ? "command -v " + program + " >/dev/null 2>&1 && " + run : run;
    }
  }
}
