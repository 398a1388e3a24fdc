package hangar.store;

import hangar.config.DbType;

class MariaDbSpecialTaskStoreTest extends SpecialTaskStoreContractTest {
  @Override
  DbType type() {
    return DbType.MYSQL;
  }
}
