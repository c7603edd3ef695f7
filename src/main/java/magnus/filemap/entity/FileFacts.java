package magnus.filemap.entity;

/**
 * What a file was when a backup read it, and what a restore gives back.
 *
 * @param path absolute path on the owner's host
 * @param fileId the owner's id of the file, the same for every version of the path
 * @param size bytes
 * @param sha256 SHA-256 of the whole file, 64 lower-case hex digits
 * @param mtimeMillis last modification time, milliseconds since the epoch
 * @param mode permission bits (e.g. 0644)
 */
public record FileFacts(
    String path, String fileId, long size, String sha256, long mtimeMillis, int mode) {}
