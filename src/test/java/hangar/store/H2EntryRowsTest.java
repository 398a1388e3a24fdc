package hangar.store;

import hangar.config.DbType;

class H2EntryRowsTest extends EntryRowsContractTest {
  @Override
  DbType type() {
    return DbType.H2;
  }
}
