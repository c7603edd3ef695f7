package magnus.snapshots.boundary;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import magnus.host.boundary.KnownFields;

/**
 * A restore of a file or a tree from a snapshot (POST /api/snapshots/restores).
 *
 * @param path the path as it was backed up, absolute; a file, a link or a directory
 * @param snapshot the snapshot's id, or a prefix of it that names one; the newest snapshot that
 *     holds {@code path} when absent
 * @param asOf an ISO-8601 time: the newest snapshot that holds {@code path} and was made at or
 *     before it
 * @param to where to put the restored copy, an absolute path that does not exist yet (or an empty
 *     directory); {@code path} itself when absent
 */
@KnownFields(value = "a snapshot restore", example = "{\"path\": \"/absolute/path\"}")
public record SnapshotRestoreRequest(
    @NotBlank(message = "path is missing; name the backed-up file or directory to restore")
        @Pattern(
            regexp = "/.*",
            message = "${validatedValue} is a relative path; give an absolute path")
        String path,
    @Pattern(
            regexp = "[0-9a-f]{1,32}",
            message =
                "snapshot is ${validatedValue}; give a snapshot id (hex digits, as bin/magnus"
                    + " snapshots lists them)")
        String snapshot,
    String asOf,
    @Pattern(
            regexp = "/.*",
            message = "${validatedValue} is a relative path; give an absolute path")
        String to) {

  /** Declared, so that the constraints stay on the fields (see {@code BackupRequest}). */
  public SnapshotRestoreRequest(String path, String snapshot, String asOf, String to) {
    this.path = path;
    this.snapshot = snapshot;
    this.asOf = asOf;
    this.to = to;
  }
}
