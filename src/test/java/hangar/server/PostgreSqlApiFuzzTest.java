package hangar.server;

import hangar.config.DbType;

class PostgreSqlApiFuzzTest extends ApiFuzzTest {
  @Override
  DbType type() {
    return DbType.POSTGRESQL;
  }
}
