package hangar.store;

import hangar.config.DbType;

class PostgreSqlJobFilterTest extends JobFilterContractTest {
  @Override
  DbType type() {
    return DbType.POSTGRESQL;
  }
}
