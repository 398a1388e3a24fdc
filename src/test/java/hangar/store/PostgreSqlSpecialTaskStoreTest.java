package hangar.store;

import hangar.config.DbType;

class PostgreSqlSpecialTaskStoreTest extends SpecialTaskStoreContractTest {
  @Override
  DbType type() {
    return DbType.POSTGRESQL;
  }
}
