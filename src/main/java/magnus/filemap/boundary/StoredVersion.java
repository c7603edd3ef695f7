package magnus.filemap.boundary;

import java.time.Instant;
import java.util.Set;
import magnus.filemap.entity.FileEntry;
import magnus.filemap.entity.FragmentLocation;

/**
 * One backed-up version of a file as the client API lists it (GET /api/files). Times are ISO-8601
 * instants in UTC, as every time in the client API.
 *
 * @param path absolute path on the owner's host
 * @param version this version's number
 * @param versions the path's newest version number when listed (kept for scripts that read it)
 * @param size the file's bytes
 * @param sha256 SHA-256 of the file
 * @param storedAt when this version was backed up
 * @param mtime the file's last modification time then
 * @param mode permission bits, as a number (420 is 0644)
 * @param k fragments needed to rebuild it
 * @param n fragments it was cut into
 * @param fragmentsLive of its n fragments, how many sit on live peers now: fewer than k means it
 *     cannot be restored now
 */
public record StoredVersion(
    String path,
    int version,
    int versions,
    long size,
    String sha256,
    String storedAt,
    String mtime,
    int mode,
    int k,
    int n,
    long fragmentsLive) {

  static StoredVersion of(FileEntry e, Set<String> live) {
    return new StoredVersion(
        e.path(),
        e.version(),
        e.version(),
        e.size(),
        e.sha256(),
        e.createdAt().toString(),
        Instant.ofEpochMilli(e.mtimeMillis()).toString(),
        e.mode(),
        e.k(),
        e.n(),
        e.fragments().stream().map(FragmentLocation::peerId).filter(live::contains).count());
  }
}
