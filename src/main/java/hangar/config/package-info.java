/**
 * Reads {@code global_config.ini} into one record per section: {@link
 * hangar.config.DatabaseSettings} for {@code [AUTOTEST_WEB]} and {@link
 * hangar.config.SchedulerSettings} for {@code [SCHEDULER]}, held by {@link
 * hangar.config.GlobalConfig}. A wrong value stops with a {@link hangar.config.ConfigException}
 * naming file, line and key; unknown keys and sections only add warnings.
 */
package hangar.config;
