package hangar.store;

import hangar.config.DbType;

class MariaDbEntryRowsTest extends EntryRowsContractTest {
  @Override
  DbType type() {
    return DbType.MYSQL;
  }
}
