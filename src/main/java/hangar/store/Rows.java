package hangar.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.statement.StatementContext;

/** Reading columns whose mapping depends on the dialect. */
final class Rows {
  private Rows() {}

  /** An instant column, or null; mapped through the mapper {@link Database} registers. */
  static Instant instant(ResultSet rs, String column, StatementContext ctx) throws SQLException {
    return ctx.findColumnMapperFor(Instant.class)
        .orElseThrow(() -> new IllegalStateException("no Instant mapper; a bug in Database"))
        .map(rs, column, ctx);
  }

  /**
   * How many values one {@code IN (...)} list takes at most: long lists are slow to plan on H2, and
   * PostgreSQL takes at most 32,767 parameters per statement.
   */
  static final int IN_LIST_MAX = 500;

  /** The list cut into runs of at most {@link #IN_LIST_MAX}, for one statement each. */
  static <T> List<List<T>> chunks(List<T> all) {
    List<List<T>> chunks = new ArrayList<>((all.size() + IN_LIST_MAX - 1) / IN_LIST_MAX);
    for (int from = 0; from < all.size(); from += IN_LIST_MAX) {
      chunks.add(all.subList(from, Math.min(all.size(), from + IN_LIST_MAX)));
    }
    return chunks;
  }

  /** A nullable BIGINT column. */
  static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }
}
