package hangar.store;

import hangar.config.DbType;

class H2JobFilterTest extends JobFilterContractTest {
  @Override
  DbType type() {
    return DbType.H2;
  }
}
