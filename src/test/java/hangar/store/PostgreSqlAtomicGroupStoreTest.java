package hangar.store;

import hangar.config.DbType;

class PostgreSqlAtomicGroupStoreTest extends AtomicGroupStoreContractTest {
  @Override
  DbType type() {
    return DbType.POSTGRESQL;
  }
}
