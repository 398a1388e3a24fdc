package hangar.scheduler;

import hangar.config.DbType;

class PostgreSqlSchedulerProcessTest extends SchedulerProcessTest {
  @Override
  DbType type() {
    return DbType.POSTGRESQL;
  }
}
