package hangar.store;

import hangar.config.DbType;

class PostgreSqlEntryRowsTest extends EntryRowsContractTest {
  @Override
  DbType type() {
    return DbType.POSTGRESQL;
  }
}
