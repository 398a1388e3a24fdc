/**
 * The command line: {@code hangar <topic> <action>} in the style of Autotest's {@code atest}. The
 * topics {@code host}, {@code label} and {@code job} talk to a Hangar server over its REST API
 * ({@code docs/api.md}) through {@link hangar.cli.ApiOptions}' server and token; they print plain
 * tables for people and, with {@code --json}, the server's JSON for scripts.
 *
 * <p>A topic with many actions has a subpackage of its own ({@link hangar.cli.host} for {@code
 * hangar host}); what its actions build on ({@link hangar.cli.Topic}, {@link hangar.cli.ApiAction},
 * {@link hangar.cli.ApiClient}, {@link hangar.cli.Table}, the option mixins and converters) is
 * public for that reason.
 */
package hangar.cli;
