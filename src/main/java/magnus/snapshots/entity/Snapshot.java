package magnus.snapshots.entity;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A snapshot: the paths a backup run took, when, the id of the root tree (the tree of {@code /}
 * that holds them), the snapshot it was made against, and what the run found.
 */
@Entity
@Cacheable(false)
@Table(name = "snapshot")
@NamedQuery(
    name = Snapshot.NEWEST_FIRST,
    query = "SELECT s FROM Snapshot s ORDER BY s.createdAt DESC, s.id")
public class Snapshot {

  public static final String NEWEST_FIRST = "Snapshot.newestFirst";

  @Id
  @Column(columnDefinition = "CHAR(32)")
  private String id;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  /** The paths, sorted, one per line. */
  @Column(nullable = false)
  private String paths;

  @Column(nullable = false, columnDefinition = "CHAR(64)")
  private String tree;

  @Column(columnDefinition = "CHAR(32)")
  private String parent;

  @Column(name = "record_pack", nullable = false, columnDefinition = "CHAR(32)")
  private String recordPack;

  @Column(name = "files_new", nullable = false)
  private int filesNew;

  @Column(name = "files_changed", nullable = false)
  private int filesChanged;

  @Column(name = "files_unchanged", nullable = false)
  private int filesUnchanged;

  @Column(name = "bytes_added", nullable = false)
  private long bytesAdded;

  protected Snapshot() {}

  public Snapshot(
      String id,
      Instant createdAt,
      List<String> paths,
      String tree,
      String parent,
      String recordPack,
      int filesNew,
      int filesChanged,
      int filesUnchanged,
      long bytesAdded) {
    this.id = id;
    this.createdAt = createdAt;
    this.paths = String.join("\n", paths.stream().sorted().toList());
    this.tree = tree;
    this.parent = parent;
    this.recordPack = recordPack;
    this.filesNew = filesNew;
    this.filesChanged = filesChanged;
    this.filesUnchanged = filesUnchanged;
    this.bytesAdded = bytesAdded;
  }

  public String id() {
    return id;
  }

  public Instant createdAt() {
    return createdAt;
  }

  /** The paths backed up, sorted. */
  public List<String> paths() {
    return Arrays.asList(paths.split("\n"));
  }

  /** Whether {@code path} is one of the snapshot's paths or lies under one. */
  public boolean covers(String path) {
    for (String p : paths()) {
      if (path.equals(p) || p.equals("/") || path.startsWith(p + "/")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a deletion of {@code path} concerns this snapshot: the path is one of its paths, lies
   * under one, or holds one.
   */
  public boolean touches(String path) {
    return covers(path) || paths().stream().anyMatch(p -> p.startsWith(path + "/"));
  }

  public String tree() {
    return tree;
  }

  public String parent() {
    return parent;
  }

  /** The pack that holds this snapshot's record, and nothing else. */
  public String recordPack() {
    return recordPack;
  }

  public int filesNew() {
    return filesNew;
  }

  public int filesChanged() {
    return filesChanged;
  }

  public int filesUnchanged() {
    return filesUnchanged;
  }

  public long bytesAdded() {
    return bytesAdded;
  }
}
