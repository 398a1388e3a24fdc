/**
 * Autoserv: runs one control file against its host and writes the results folder ({@code control},
 * {@code status.log}, {@code keyval}, {@code debug/}, one folder per test). {@link
 * hangar.autoserv.Autoserv} is the entry point; {@link hangar.autoserv.StatusLog} writes Autotest's
 * status log format; {@link hangar.autoserv.ClientJob} is the {@code job} a Groovy control file
 * sees. The tests it runs come from {@link hangar.testlib.TestLibrary}.
 */
package hangar.autoserv;
