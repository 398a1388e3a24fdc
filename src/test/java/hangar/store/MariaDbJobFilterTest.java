package hangar.store;

import hangar.config.DbType;

class MariaDbJobFilterTest extends JobFilterContractTest {
  @Override
  DbType type() {
    return DbType.MYSQL;
  }
}
