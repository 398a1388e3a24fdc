package hangar.store;

import hangar.config.DbType;

/** Batch claims on MYSQL, by guarded updates alone. */
class MariaDbGuardedBatchStoreTest extends BatchStoreContractTest {
  @Override
  DbType type() {
    return DbType.MYSQL;
  }

  @Override
  boolean skipLocked() {
    return false;
  }
}
