package magnus.packs;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One directory of a snapshot, as it is stored: a blob of kind {@link PackIndex.Kind#TREE} whose
 * bytes are this record's JSON, named like a chunk by its keyed hash. Its entries are kept in name
 * order, however they are given, so the same directory always makes the same bytes, and an
 * unchanged directory the same id: a second backup of an unchanged tree stores no tree again.
 */
public record Tree(List<Node> nodes) {

  /** What an entry is. Sockets, devices and fifos are not backed up, so they have no type. */
  public enum Type {
    FILE,
    DIR,
    SYMLINK
  }

  /**
   * One entry.
   *
   * @param mode the permission bits and the set-id and sticky bits ({@code 07777})
   * @param mtime the modification time, ISO-8601 UTC to the nanosecond
   * @param size a file's length in bytes; 0 for the others
   * @param uid the owner, or null where the peer does not run as root and cannot set it back
   * @param gid the group, or null as for {@code uid}
   * @param inode the file's inode, which an incremental run compares, with its size, mtime and
   *     ctime, to decide whether a file changed
   * @param ctime the status change time, ISO-8601 UTC
   * @param content a file's chunk ids, in order; empty for an empty file
   * @param subtree a directory's tree id
   * @param target a symbolic link's target, as the link holds it (never followed)
   */
  @JsonbPropertyOrder({
    "name", "type", "mode", "mtime", "size", "uid", "gid", "inode", "ctime", "content", "subtree",
    "target"
  })
  public record Node(
      String name,
      Type type,
      int mode,
      String mtime,
      long size,
      Integer uid,
      Integer gid,
      Long inode,
      String ctime,
      List<String> content,
      String subtree,
      String target) {}

  private static final Jsonb JSONB = JsonbBuilder.create();

  /** The entries, put in name order (a null entry, which only a bad blob has, stays first). */
  public Tree {
    if (nodes != null) {
      List<Node> sorted = new ArrayList<>(nodes);
      sorted.sort(
          Comparator.nullsFirst(
              Comparator.comparing(Node::name, Comparator.nullsFirst(Comparator.naturalOrder()))));
      nodes = java.util.Collections.unmodifiableList(sorted);
    }
  }

  /** The bytes stored for this tree. */
  public byte[] bytes() {
    return JSONB.toJson(this).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads a tree back, and checks it: a holder's bytes pass their hash check before they get here,
   * but a tree is also the one thing a restore turns into paths on disk, so an entry that could
   * step out of its directory is refused whatever its origin.
   *
   * @throws IllegalArgumentException naming the first problem
   */
  public static Tree parse(byte[] bytes) {
    Tree tree;
    try {
      tree = JSONB.fromJson(new String(bytes, StandardCharsets.UTF_8), Tree.class);
    } catch (JsonbException e) {
      throw new IllegalArgumentException("not a tree: " + e.getMessage(), e);
    }
    if (tree == null || tree.nodes() == null) {
      throw new IllegalArgumentException("not a tree: no nodes");
    }
    Set<String> names = new HashSet<>();
    for (Node n : tree.nodes()) {
      if (n == null) {
        throw new IllegalArgumentException("a tree entry is null");
      }
      check(n);
      if (!names.add(n.name())) {
        throw new IllegalArgumentException("the tree names " + n.name() + " twice");
      }
    }
    return tree;
  }

  private static void check(Node n) {
    if (n.name() == null
        || n.name().isEmpty()
        || n.name().equals(".")
        || n.name().equals("..")
        || n.name().indexOf('/') >= 0
        || n.name().indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a tree entry has an unusable name: " + n.name());
    }
    if (n.type() == null) {
      throw new IllegalArgumentException(n.name() + " has no type");
    }
    if ((n.mode() & ~07777) != 0) {
      throw new IllegalArgumentException(n.name() + " has mode " + n.mode() + ", past 07777");
    }
    switch (n.type()) {
      case FILE -> {
        if (n.content() == null) {
          throw new IllegalArgumentException("file " + n.name() + " has no content list");
        }
        if (n.size() < 0) {
          throw new IllegalArgumentException("file " + n.name() + " has size " + n.size());
        }
      }
      case DIR -> {
        if (n.subtree() == null) {
          throw new IllegalArgumentException("directory " + n.name() + " has no subtree");
        }
      }
      case SYMLINK -> {
        if (n.target() == null || n.target().isEmpty()) {
          throw new IllegalArgumentException("link " + n.name() + " has no target");
        }
      }
    }
  }
}
