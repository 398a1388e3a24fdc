package hangar.store;

import hangar.config.DbType;

class H2StoreTest extends StoreContractTest {
  @Override
  DbType type() {
    return DbType.H2;
  }
}
