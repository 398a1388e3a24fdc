package hangar.store;

import hangar.config.DbType;

/** Batch claims on POSTGRESQL, by guarded updates alone. */
class PostgreSqlGuardedBatchStoreTest extends BatchStoreContractTest {
  @Override
  DbType type() {
    return DbType.POSTGRESQL;
  }

  @Override
  boolean skipLocked() {
    return false;
  }
}
