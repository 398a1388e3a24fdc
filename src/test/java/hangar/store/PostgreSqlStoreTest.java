package hangar.store;

import hangar.config.DbType;

class PostgreSqlStoreTest extends StoreContractTest {
  @Override
  DbType type() {
    return DbType.POSTGRESQL;
  }
}
