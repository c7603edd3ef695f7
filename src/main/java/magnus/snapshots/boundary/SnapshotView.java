package magnus.snapshots.boundary;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import magnus.snapshots.entity.Snapshot;

/**
 * One snapshot as the client API lists it (GET /api/snapshots).
 *
 * @param id the snapshot's id, 32 hex digits
 * @param time when its run started, ISO-8601 UTC
 * @param paths the paths it backed up
 * @param parent the snapshot its run was compared with, or null
 * @param filesNew files read that the parent did not have
 * @param filesChanged files read again because they changed
 * @param filesUnchanged files taken over from the parent without reading them
 * @param bytesAdded bytes of new chunks and trees the run stored
 */
@JsonbPropertyOrder({
  "id",
  "time",
  "paths",
  "parent",
  "filesNew",
  "filesChanged",
  "filesUnchanged",
  "bytesAdded"
})
public record SnapshotView(
    String id,
    String time,
    List<String> paths,
    String parent,
    int filesNew,
    int filesChanged,
    int filesUnchanged,
    long bytesAdded) {

  static SnapshotView of(Snapshot s) {
    return new SnapshotView(
        s.id(),
        s.createdAt().toString(),
        s.paths(),
        s.parent(),
        s.filesNew(),
        s.filesChanged(),
        s.filesUnchanged(),
        s.bytesAdded());
  }
}
