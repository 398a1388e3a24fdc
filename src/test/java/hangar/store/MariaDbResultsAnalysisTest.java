package hangar.store;

import hangar.config.DbType;

class MariaDbResultsAnalysisTest extends ResultsAnalysisContractTest {
  @Override
  DbType type() {
    return DbType.MYSQL;
  }
}
