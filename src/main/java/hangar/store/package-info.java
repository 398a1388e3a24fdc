/**
 * All SQL: the schema's migrations, one store per aggregate ({@link hangar.store.HostStore}, {@link
 * hangar.store.JobStore}, ...) and the few differences between H2, PostgreSQL and MariaDB/MySQL in
 * {@link hangar.store.Dialect}.
 */
package hangar.store;
