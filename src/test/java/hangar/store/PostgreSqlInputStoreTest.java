package hangar.store;

import hangar.config.DbType;

class PostgreSqlInputStoreTest extends InputStoreContractTest {
  @Override
  DbType type() {
    return DbType.POSTGRESQL;
  }
}
