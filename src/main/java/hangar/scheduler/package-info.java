/**
 * The dispatcher (Autotest's {@code monitor_db}): each tick reads the database, carries out aborts,
 * follows the sessions running on drones to their end, and starts queued entries on Ready hosts
 * within the throttles. {@link hangar.scheduler.Dispatcher} holds the order of the tick's phases;
 * each phase is a class of its own (docs/architecture.md draws them).
 */
package hangar.scheduler;
