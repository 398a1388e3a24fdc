package hangar.store;

import hangar.config.DbType;

class MariaDbInputStoreTest extends InputStoreContractTest {
  @Override
  DbType type() {
    return DbType.MYSQL;
  }
}
