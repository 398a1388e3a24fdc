package hangar.store;

import hangar.config.DbType;

class H2ResultsAnalysisTest extends ResultsAnalysisContractTest {
  @Override
  DbType type() {
    return DbType.H2;
  }
}
