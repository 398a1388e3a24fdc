/**
 * The command line: {@code hangar <topic> <action>} in the style of Autotest's {@code atest}. The
 * topics {@code host}, {@code label} and {@code job} talk to a Hangar server over its REST API
 * ({@code docs/api.md}) through {@link hangar.cli.ApiOptions}' server and token; they print plain
 * tables for people and, with {@code --json}, the server's JSON for scripts.
 */
package hangar.cli;
