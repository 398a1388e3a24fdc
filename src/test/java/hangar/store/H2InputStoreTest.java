package hangar.store;

import hangar.config.DbType;

class H2InputStoreTest extends InputStoreContractTest {
  @Override
  DbType type() {
    return DbType.H2;
  }
}
