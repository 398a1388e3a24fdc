/**
 * Drones: the processes that run autoserv sessions for the scheduler, apart from the scheduler's
 * own process so that sessions outlive its restart.
 *
 * <p>{@link hangar.drone.Drone} is what the scheduler codes against; {@link
 * hangar.drone.LocalDrone} is the {@code localhost} drone, a {@link hangar.drone.DroneDaemon}
 * process reached over a Unix socket. The protocol is line-delimited JSON over any byte stream, one
 * request line answered by one reply line, so that remote drones (over SSH) and dial-in workers
 * (over a socket) can speak it too.
 */
package hangar.drone;
