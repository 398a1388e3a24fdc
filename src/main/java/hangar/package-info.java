/**
 * The launcher ({@link hangar.Main}), the root of Hangar's errors ({@link hangar.HangarException})
 * and the rule every role follows for the files it writes ({@link hangar.PrivateFiles}).
 */
package hangar;
