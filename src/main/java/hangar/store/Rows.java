package hangar.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
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

  /** A nullable BIGINT column. */
  static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }
}
