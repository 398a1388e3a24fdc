package hangar.store;

import hangar.config.DbType;

/** Job batches on H2. */
class H2JobBatchTest extends JobBatchContractTest {
  @Override
  DbType type() {
    return DbType.H2;
  }
}
