/**
 * Test helpers shared by Hangar's tests: a {@link hangar.testing.ContractServer} that serves the
 * REST API's recorded shapes on loopback, and {@link hangar.testing.CliRunner} that runs the CLI
 * in-process.
 */
package hangar.testing;
