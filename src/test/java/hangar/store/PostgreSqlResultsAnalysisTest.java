package hangar.store;

import hangar.config.DbType;

class PostgreSqlResultsAnalysisTest extends ResultsAnalysisContractTest {
  @Override
  DbType type() {
    return DbType.POSTGRESQL;
  }
}
