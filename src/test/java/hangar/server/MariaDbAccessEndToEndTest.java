package hangar.server;

import hangar.config.DbType;

class MariaDbAccessEndToEndTest extends AccessEndToEndTest {
  @Override
  DbType type() {
    return DbType.MYSQL;
  }
}
