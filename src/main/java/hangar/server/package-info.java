/**
 * The composition root of {@code hangar server}: builds the database, stores, drone, scheduler and
 * API by hand and owns their lifecycle.
 */
package hangar.server;
