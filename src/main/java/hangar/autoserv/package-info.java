/**
 * Autoserv: runs one control file against its host and writes the results folder ({@code control},
 * {@code status.log}, {@code keyval}, {@code debug/}, one folder per test). {@link
 * hangar.autoserv.Autoserv} is the entry point; {@link hangar.autoserv.StatusLog} writes Autotest's
 * status log format; control files run in the drone's {@link hangar.autoserv.Interpreter}, a
 * process of its own (package {@code interpreter}), whose calls {@code ScriptCalls} carries out in
 * the session. The tests it runs come from {@link hangar.testlib.TestLibrary}.
 */
package hangar.autoserv;
