package hangar.store;

import hangar.config.DbType;

class PostgreSqlAccessStoreTest extends AccessStoreContractTest {
  @Override
  DbType type() {
    return DbType.POSTGRESQL;
  }
}
