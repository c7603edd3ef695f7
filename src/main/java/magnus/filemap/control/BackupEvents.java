package magnus.filemap.control;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * The fields of a backup's events ({@code docs/api.md}, POST /api/backups), as JSON-B records;
 * {@link magnus.host.control.EventStream} puts each kind's name in front.
 */
public final class BackupEvents {

  private BackupEvents() {}

  /** {@code start}: what the backup found to do. */
  @JsonbPropertyOrder({"files", "bytes"})
  public record Start(int files, long bytes) {}

  /** {@code file}: a file starts. */
  @JsonbPropertyOrder({"path", "size"})
  public record File(String path, long size) {}

  /** {@code stored}: a file's fragments are all acknowledged and its version recorded. */
  @JsonbPropertyOrder({"path", "version", "size", "sha256"})
  public record Stored(String path, int version, long size, String sha256) {}

  /** {@code skipped} (not a regular file) or {@code failed}: nothing recorded for the path. */
  @JsonbPropertyOrder({"path", "reason"})
  public record Problem(String path, String reason) {}

  /** {@code done}: the end, with the tally. */
  @JsonbPropertyOrder({"stored", "skipped", "failed", "bytes", "seconds"})
  public record Done(int stored, int skipped, int failed, long bytes, double seconds) {}
}
