package hangar.server;

import hangar.config.DbType;

class H2AccessEndToEndTest extends AccessEndToEndTest {
  @Override
  DbType type() {
    return DbType.H2;
  }
}
