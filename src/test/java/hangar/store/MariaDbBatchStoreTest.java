package hangar.store;

import hangar.config.DbType;

/** Batch claims on MYSQL, with SELECT ... FOR UPDATE SKIP LOCKED. */
class MariaDbBatchStoreTest extends BatchStoreContractTest {
  @Override
  DbType type() {
    return DbType.MYSQL;
  }

  @Override
  boolean skipLocked() {
    return true;
  }
}
