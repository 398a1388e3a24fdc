package hangar.server;

import hangar.config.DbType;

class PostgreSqlAccessEndToEndTest extends AccessEndToEndTest {
  @Override
  DbType type() {
    return DbType.POSTGRESQL;
  }
}
