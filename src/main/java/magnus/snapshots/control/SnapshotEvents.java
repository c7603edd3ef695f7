package magnus.snapshots.control;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * The fields of the events of a snapshot backup and a tree restore ({@code docs/api.md}): JSON-B
 * records, each sent with its kind by {@link magnus.host.control.EventStream}.
 */
public final class SnapshotEvents {

  private SnapshotEvents() {}

  /** What a run found to do: regular files and their bytes. */
  @JsonbPropertyOrder({"files", "totalBytes"})
  public record Start(long files, long totalBytes) {}

  /** A path not backed up or not restored, and why. */
  @JsonbPropertyOrder({"path", "reason"})
  public record Problem(String path, String reason) {}

  /** The whole run failed, and why; no snapshot was recorded. */
  @JsonbPropertyOrder({"reason"})
  public record Failed(String reason) {}

  /** A backup's end: the snapshot it recorded, and what it found. */
  @JsonbPropertyOrder({
    "snapshot",
    "filesNew",
    "filesChanged",
    "filesUnchanged",
    "skipped",
    "failed",
    "bytesRead",
    "bytesAdded",
    "packBytes",
    "seconds"
  })
  public record BackedUp(
      String snapshot,
      int filesNew,
      int filesChanged,
      int filesUnchanged,
      int skipped,
      int failed,
      long bytesRead,
      long bytesAdded,
      long packBytes,
      double seconds) {}

  /** A restore's end. */
  @JsonbPropertyOrder({"snapshot", "files", "directories", "links", "bytes", "failed", "seconds"})
  public record Restored(
      String snapshot,
      int files,
      int directories,
      int links,
      long bytes,
      int failed,
      double seconds) {}
}
