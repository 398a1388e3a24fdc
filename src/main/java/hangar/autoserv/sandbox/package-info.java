/**
 * The sandbox control files run in: a check of the syntax tree before anything runs, guards
 * compiled into the script that check every call, operator and value at run time, and a budget of
 * steps per session. {@link hangar.autoserv.sandbox.Sandbox} puts them together for a {@link
 * hangar.autoserv.sandbox.Dsl}; {@link hangar.autoserv.sandbox.Guard} is what the compiled script
 * calls.
 */
package hangar.autoserv.sandbox;
