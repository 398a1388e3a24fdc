package hangar.store;

import hangar.config.DbType;

class H2SpecialTaskStoreTest extends SpecialTaskStoreContractTest {
  @Override
  DbType type() {
    return DbType.H2;
  }
}
