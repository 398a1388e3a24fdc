/**
 * The dispatcher (Autotest's {@code monitor_db}): each tick reads the database, carries out aborts,
 * follows the sessions running on drones to their end, and starts queued entries on Ready hosts
 * within the throttles.
 */
package hangar.scheduler;
