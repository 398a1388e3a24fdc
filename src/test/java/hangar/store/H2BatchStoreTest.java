package hangar.store;

import hangar.config.DbType;

/** Batch claims on H2, by guarded updates alone. */
class H2BatchStoreTest extends BatchStoreContractTest {
  @Override
  DbType type() {
    return DbType.H2;
  }

  @Override
  boolean skipLocked() {
    return false;
  }
}
