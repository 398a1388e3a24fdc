package hangar.store;

import hangar.config.DbType;

class H2AccessStoreTest extends AccessStoreContractTest {
  @Override
  DbType type() {
    return DbType.H2;
  }
}
