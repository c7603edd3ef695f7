package magnus.snapshots.boundary;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import magnus.packs.Tree;

/**
 * One entry of a directory in a snapshot (GET /api/snapshots/tree).
 *
 * @param path the entry's absolute path as backed up
 * @param type file, dir or symlink
 * @param size a file's bytes
 * @param mode permission bits, as a number (420 is 0644)
 * @param mtime its modification time, ISO-8601 UTC
 * @param target a link's target
 */
@JsonbPropertyOrder({"path", "type", "size", "mode", "mtime", "target"})
public record TreeEntry(
    String path, String type, long size, int mode, String mtime, String target) {

  static TreeEntry of(String path, Tree.Node n) {
    return new TreeEntry(
        path,
        n.type().name().toLowerCase(java.util.Locale.ROOT),
        n.size(),
        n.mode(),
        n.mtime(),
        n.target());
  }
}
