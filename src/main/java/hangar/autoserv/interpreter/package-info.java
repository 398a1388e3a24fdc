/**
 * The control-file interpreter: a process of its own that a drone starts ({@link
 * hangar.autoserv.interpreter.InterpreterMain}), holding no credentials, that compiles control
 * files in the sandbox and runs them. The DSL a control file sees ({@link
 * hangar.autoserv.interpreter.ScriptJob}, {@link hangar.autoserv.interpreter.ScriptHosts}, {@link
 * hangar.autoserv.interpreter.ScriptHost}) sends each call to the drone as a {@link
 * hangar.autoserv.interpreter.Frame}, one line of JSON ({@link
 * hangar.autoserv.interpreter.FrameStream}), and waits for the answer.
 */
package hangar.autoserv.interpreter;
