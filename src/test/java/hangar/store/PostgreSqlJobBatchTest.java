package hangar.store;

import hangar.config.DbType;

/** Job batches on PostgreSql. */
class PostgreSqlJobBatchTest extends JobBatchContractTest {
  @Override
  DbType type() {
    return DbType.POSTGRESQL;
  }
}
