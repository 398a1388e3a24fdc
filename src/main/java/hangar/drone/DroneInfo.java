package hangar.drone;

/**
 * What a drone daemon says about itself when pinged.
 *
 * @param version the Hangar version the daemon runs
 * @param protocol the protocol version it speaks
 * @param pid the daemon's process id
 * @param settings the digest of the settings it runs with ({@link DroneSettings}), or null when it
 *     does not say
 */
public record DroneInfo(String version, int protocol, long pid, String settings) {}
