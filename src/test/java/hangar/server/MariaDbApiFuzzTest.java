package hangar.server;

import hangar.config.DbType;

class MariaDbApiFuzzTest extends ApiFuzzTest {
  @Override
  DbType type() {
    return DbType.MYSQL;
  }
}
