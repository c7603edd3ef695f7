package magnus.packs;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A snapshot as it is stored: a blob of kind {@link PackIndex.Kind#SNAPSHOT} in the last pack of
 * its run, so that a peer that lost its database finds its snapshots on the holders.
 *
 * @param id the snapshot's id, 32 hex digits
 * @param time when the run started, ISO-8601 UTC
 * @param paths the absolute paths backed up, sorted
 * @param tree the id of the root tree (the tree of {@code /} that leads to the paths)
 * @param parent the snapshot the run was compared with, or null
 */
@JsonbPropertyOrder({"id", "time", "paths", "tree", "parent"})
public record SnapshotRecord(
    String id, String time, List<String> paths, String tree, String parent) {

  private static final Jsonb JSONB = JsonbBuilder.create();

  /** The bytes stored. */
  public byte[] bytes() {
    return JSONB.toJson(this).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads a snapshot back.
   *
   * @throws IllegalArgumentException when the bytes are not a snapshot
   */
  public static SnapshotRecord parse(byte[] bytes) {
    SnapshotRecord s;
    try {
      s = JSONB.fromJson(new String(bytes, StandardCharsets.UTF_8), SnapshotRecord.class);
    } catch (JsonbException e) {
      throw new IllegalArgumentException("not a snapshot: " + e.getMessage(), e);
    }
    if (s == null
        || s.id() == null
        || !PackIndex.isHex(s.id(), 32)
        || s.tree() == null
        || !PackIndex.isHex(s.tree(), 64)
        || s.paths() == null
        || s.paths().isEmpty()
        || s.time() == null) {
      throw new IllegalArgumentException("not a snapshot: an id, a time, paths or a tree lacks");
    }
    return s;
  }
}
