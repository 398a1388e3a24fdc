package hangar.drone;

/**
 * Bytes read from a file on a drone.
 *
 * @param bytes the bytes from the offset asked; empty at the end of the file
 * @param size the file's whole size when it was read
 */
public record DroneChunk(byte[] bytes, long size) {}
