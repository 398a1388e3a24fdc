package hangar.server;

import hangar.config.DbType;

class PostgreSqlServerEndToEndTest extends ServerEndToEndTest {
  @Override
  DbType type() {
    return DbType.POSTGRESQL;
  }
}
