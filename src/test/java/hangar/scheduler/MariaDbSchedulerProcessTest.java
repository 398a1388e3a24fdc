package hangar.scheduler;

import hangar.config.DbType;

class MariaDbSchedulerProcessTest extends SchedulerProcessTest {
  @Override
  DbType type() {
    return DbType.MYSQL;
  }
}
