package hangar.store;

import hangar.config.DbType;

class MariaDbAtomicGroupStoreTest extends AtomicGroupStoreContractTest {
  @Override
  DbType type() {
    return DbType.MYSQL;
  }
}
