package hangar.server;

import hangar.config.DbType;

class H2ServerEndToEndTest extends ServerEndToEndTest {
  @Override
  DbType type() {
    return DbType.H2;
  }
}
