package hangar.drone;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import hangar.autoserv.SessionSpec;
import java.util.List;
import java.util.Objects;

/**
 * One request line of the drone protocol; the {@code op} field names the kind. Each is answered by
 * one {@link Reply} line.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Request.Start.class, name = "start"),
  @JsonSubTypes.Type(value = Request.StartAll.class, name = "start-all"),
  @JsonSubTypes.Type(value = Request.Abort.class, name = "abort"),
  @JsonSubTypes.Type(value = Request.Sessions.class, name = "sessions"),
  @JsonSubTypes.Type(value = Request.Forget.class, name = "forget"),
  @JsonSubTypes.Type(value = Request.ForgetAll.class, name = "forget-all"),
  @JsonSubTypes.Type(value = Request.Ping.class, name = "ping"),
  @JsonSubTypes.Type(value = Request.Shutdown.class, name = "shutdown"),
  @JsonSubTypes.Type(value = Request.Files.class, name = "files"),
  @JsonSubTypes.Type(value = Request.Read.class, name = "read"),
  @JsonSubTypes.Type(value = Request.Purge.class, name = "purge"),
  @JsonSubTypes.Type(value = Request.Parse.class, name = "parse"),
  @JsonSubTypes.Type(value = Request.ReadWhole.class, name = "read-whole"),
  @JsonSubTypes.Type(value = Request.Watch.class, name = "watch"),
  @JsonSubTypes.Type(value = Request.SendFolder.class, name = FolderStream.OP)
})
sealed interface Request {
  /** Start a session unless the drone already knows its id. */
  record Start(SessionSpec spec) implements Request {
    public Start {
      Objects.requireNonNull(spec, "spec");
    }
  }

  /** Start many sessions in one exchange, each as {@link Start} would; one result per spec. */
  record StartAll(List<SessionSpec> specs) implements Request {
    public StartAll {
      specs = List.copyOf(Objects.requireNonNull(specs, "specs"));
    }
  }

  /** Abort a running session; nothing for an unknown or finished one. */
  record Abort(String sessionId) implements Request {
    public Abort {
      Objects.requireNonNull(sessionId, "sessionId");
    }
  }

  /** List every session the drone remembers. */
  record Sessions() implements Request {}

  /** Drop a finished session; nothing for an unknown one. */
  record Forget(String sessionId) implements Request {
    public Forget {
      Objects.requireNonNull(sessionId, "sessionId");
    }
  }

  /** Drop many finished sessions in one exchange, each as {@link Forget} would. */
  record ForgetAll(List<String> sessionIds) implements Request {
    public ForgetAll {
      sessionIds = List.copyOf(Objects.requireNonNull(sessionIds, "sessionIds"));
    }
  }

  /** Say who you are. */
  record Ping() implements Request {}

  /**
   * Abort running sessions and stop the daemon; with {@code whenIdle}, stop only if no session runs
   * (and refuse with {@code session-running} otherwise).
   */
  record Shutdown(boolean whenIdle) implements Request {}

  /**
   * List a results path: a folder's children, or with {@code sums} every file under it with its
   * size and SHA-256. Paths are relative to the drone's results folder.
   */
  record Files(String path, boolean sums) implements Request {
    public Files {
      Objects.requireNonNull(path, "path");
    }
  }

  /** Read at most {@code length} bytes of a results file from {@code offset}. */
  record Read(String path, long offset, int length) implements Request {
    public Read {
      Objects.requireNonNull(path, "path");
    }
  }

  /** Read whole files of a folder, as many as fit one reply; see ResultsFiles#readWhole. */
  record ReadWhole(String path, List<String> files) implements Request {
    public ReadWhole {
      Objects.requireNonNull(path, "path");
      files = List.copyOf(Objects.requireNonNull(files, "files"));
    }
  }

  /** Parse a session's results folder and return its records. */
  record Parse(String path) implements Request {
    public Parse {
      Objects.requireNonNull(path, "path");
    }
  }

  /** Delete a results folder, once its copy on the results host was verified. */
  record Purge(String path) implements Request {
    public Purge {
      Objects.requireNonNull(path, "path");
    }
  }

  /**
   * Answer once the count of sessions that ended on this drone differs from {@code after}, or after
   * {@code waitMs} milliseconds (at most {@link SessionEnds#MAX_WATCH}), with the count.
   */
  record Watch(long after, long waitMs) implements Request {}

  /**
   * Send a whole results folder in binary frames ({@link FolderStream}); only a worker answers it,
   * over its link. A daemon refuses it as {@code bad-request}.
   */
  record SendFolder(String path) implements Request {
    public SendFolder {
      Objects.requireNonNull(path, "path");
    }
  }
}
