/**
 * The machines under test as autoserv sees them: something that runs a shell command and reports
 * how it ended. {@link hangar.host.LocalHost} runs commands on this machine; an SSH host will sit
 * beside it.
 */
package hangar.host;
