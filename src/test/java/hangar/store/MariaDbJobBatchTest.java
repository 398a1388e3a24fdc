package hangar.store;

import hangar.config.DbType;

/** Job batches on MariaDb. */
class MariaDbJobBatchTest extends JobBatchContractTest {
  @Override
  DbType type() {
    return DbType.MYSQL;
  }
}
