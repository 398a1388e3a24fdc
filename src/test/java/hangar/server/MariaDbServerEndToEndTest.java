package hangar.server;

import hangar.config.DbType;

class MariaDbServerEndToEndTest extends ServerEndToEndTest {
  @Override
  DbType type() {
    return DbType.MYSQL;
  }
}
