package hangar.store;

import hangar.config.DbType;

class MariaDbStoreTest extends StoreContractTest {
  @Override
  DbType type() {
    return DbType.MYSQL;
  }
}
