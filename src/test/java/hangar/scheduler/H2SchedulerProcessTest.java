package hangar.scheduler;

import hangar.config.DbType;

class H2SchedulerProcessTest extends SchedulerProcessTest {
  @Override
  DbType type() {
    return DbType.H2;
  }
}
