package hangar.store;

import hangar.config.DbType;

class H2AtomicGroupStoreTest extends AtomicGroupStoreContractTest {
  @Override
  DbType type() {
    return DbType.H2;
  }
}
