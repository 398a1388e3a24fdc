package hangar.server;

import hangar.config.DbType;

class H2ApiFuzzTest extends ApiFuzzTest {
  @Override
  DbType type() {
    return DbType.H2;
  }
}
