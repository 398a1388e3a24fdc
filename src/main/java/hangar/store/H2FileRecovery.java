package hangar.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file system the embedded database is opened through ({@code jdbc:h2:hangar:...}): before H2
 * opens a database file that was not closed cleanly (a killed process, a write that failed on a
 * full disk), it has H2 scan the whole file for its newest complete version and keep that one.
 *
 * <p>H2's own open after an unclean close follows a chain of chunks from the file's header, and the
 * header can point one chunk short of a commit that was written where the chunk before predicted it
 * would not be (the chain then breaks there): the open goes back to before that commit and loses
 * it, though it is complete in the file. On a full disk this is common, since every write that
 * succeeds lands in the free space inside the file, and it lost acknowledged jobs. H2's recovery
 * mode scans every block and finds the newest version all of whose chunks are there; opened that
 * way and closed, the file's header points to it, and H2's next open starts from there. A clean
 * file is opened as it is, without the scan.
 */
public final class H2FileRecovery extends FilePathWrapper {
  /** The scheme of the URLs that open through it. */
  static final String SCHEME = "hangar";

  private static final Logger LOG = LoggerFactory.getLogger(H2FileRecovery.class);
  private static final Pattern CLEAN = Pattern.compile("(^|,)clean:1(,|\\n|$)");
  private static final String STORE_SUFFIX = ".mv.db";

  static {
    FilePath.register(new H2FileRecovery());
  }

  /** For H2, which makes one for each path it opens through the scheme. */
  public H2FileRecovery() {
    // Nothing to set: H2 fills in the path.
  }

  /** Makes sure the scheme is known to H2; the first call registers it. */
  static void register() {
    // The static initializer does it, once.
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FileChannel open(String mode) throws IOException {
    FilePath base = getBase();
    if (!"r".equals(mode) && base.getName().endsWith(STORE_SUFFIX) && base.exists()) {
      recoverIfUnclean(base);
    }
    return base.open(mode);
  }

  private static void recoverIfUnclean(FilePath file) throws IOException {
    if (file.size() == 0 || closedCleanly(file)) {
      return;
    }
    String name = file.toString();
    long begin = System.nanoTime();
    try {
      long quick;
      try (MVStore plain = new MVStore.Builder().fileName(name).readOnly().open()) {
        quick = plain.getCurrentVersion();
      }
      long scanned;
      try (MVStore recovered = new MVStore.Builder().fileName(name).recoveryMode().open()) {
        scanned = recovered.getCurrentVersion();
      }
      long millis = (System.nanoTime() - begin) / 1_000_000;
      if (scanned > quick) {
        LOG.warn(
            "the embedded database {} was not closed cleanly, and H2 would have opened it at"
                + " version {}; a scan of the whole file ({} MB, {} ms) found version {} complete"
                + " and kept it, with the {} commits after",
            name,
            quick,
            file.size() >> 20,
            millis,
            scanned,
            scanned - quick);
      } else {
        LOG.info(
            "the embedded database {} was not closed cleanly; a scan of the whole file ({} MB, {}"
                + " ms) found nothing newer than version {}",
            name,
            file.size() >> 20,
            millis,
            quick);
      }
    } catch (MVStoreException e) {
      if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
        // Another process has it open (and serves it, with AUTO_SERVER): it is not ours to scan.
        LOG.debug("not scanning {}: another process has it open", name);
        return;
      }
      LOG.warn(
          "could not scan the embedded database {} for its newest version ({}); H2 opens it as"
              + " it finds it",
          name,
          e.getMessage(),
          e);
    }
  }

  /** Whether the file's header says it was closed cleanly: {@code clean:1} in its first block. */
  private static boolean closedCleanly(FilePath file) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(4096);
    try (FileChannel channel = file.open("r")) {
      int read;
      do {
        read = channel.read(header, header.position());
      } while (read > 0 && header.hasRemaining());
    }
    String text = new String(header.array(), 0, header.position(), StandardCharsets.ISO_8859_1);
    int end = text.indexOf('\n');
    return CLEAN.matcher(end < 0 ? text : text.substring(0, end + 1)).find();
  }
}
