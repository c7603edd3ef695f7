package magnus.snapshots.boundary;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import magnus.host.boundary.KnownFields;

/**
 * A snapshot backup request (POST /api/snapshots).
 *
 * @param paths absolute paths of files and directory trees
 * @param k fragments needed to rebuild a pack; the peer's {@code magnus.code.k} when absent
 * @param n fragments to cut a pack into; the peer's {@code magnus.code.n} when absent
 */
@KnownFields(value = "a snapshot", example = "{\"paths\": [\"/absolute/path\"]}")
public record SnapshotRequest(
    @NotNull(message = "paths is missing; send {\"paths\": [\"/absolute/path\", ...]}")
        @Size(min = 1, message = "paths is empty; name at least one file or directory to back up")
        List<
                @NotBlank(message = "every entry of paths must be a path, got an empty string")
                @Pattern(
                    regexp = "/.*",
                    message = "${validatedValue} is a relative path; give absolute paths")
                String>
            paths,
    Long k,
    Long n) {

  /** Declared, so that the constraints stay on the fields (see {@code BackupRequest}). */
  public SnapshotRequest(List<String> paths, Long k, Long n) {
    this.paths = paths;
    this.k = k;
    this.n = n;
  }
}
