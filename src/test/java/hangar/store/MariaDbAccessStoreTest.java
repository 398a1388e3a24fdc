package hangar.store;

import hangar.config.DbType;

class MariaDbAccessStoreTest extends AccessStoreContractTest {
  @Override
  DbType type() {
    return DbType.MYSQL;
  }
}
