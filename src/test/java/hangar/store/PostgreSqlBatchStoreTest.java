package hangar.store;

import hangar.config.DbType;

/** Batch claims on POSTGRESQL, with SELECT ... FOR UPDATE SKIP LOCKED. */
class PostgreSqlBatchStoreTest extends BatchStoreContractTest {
  @Override
  DbType type() {
    return DbType.POSTGRESQL;
  }

  @Override
  boolean skipLocked() {
    return true;
  }
}
