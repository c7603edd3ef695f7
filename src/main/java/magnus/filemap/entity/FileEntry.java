package magnus.filemap.entity;

import jakarta.persistence.Cacheable;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import magnus.codec.CodeParameters;

/**
 * One backed-up version of a path: the FileMap's entry. Keyed by (path, version); the version is
 * given by {@link magnus.filemap.control.FileMap#record} as one more than the path's newest.
 *
 * <p>Not kept in the shared cache: a FileMap rebuild adds entries and fragment locations with
 * native statements ({@link magnus.filemap.control.FileMapBulk}), also to an entry read before, and
 * a restore must see every holder the rebuild found.
 */
@Entity
@Cacheable(false)
@Table(name = "file_entry")
@NamedQuery(
    name = FileEntry.VERSIONS_OF_PATH,
    query = "SELECT e FROM FileEntry e WHERE e.path = :path ORDER BY e.version")
@NamedQuery(
    name = FileEntry.NEWEST_UNDER,
    query =
        "SELECT e FROM FileEntry e WHERE e.path LIKE :prefix ESCAPE '\\' AND e.version ="
            + " (SELECT MAX(o.version) FROM FileEntry o WHERE o.path = e.path) ORDER BY e.path")
@NamedQuery(name = FileEntry.DELETE_PATH, query = "DELETE FROM FileEntry e WHERE e.path = :path")
public class FileEntry {

  public static final String VERSIONS_OF_PATH = "FileEntry.versionsOfPath";
  public static final String NEWEST_UNDER = "FileEntry.newestUnder";
  public static final String DELETE_PATH = "FileEntry.deletePath";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @NotBlank
  @Column(nullable = false)
  private String path;

  @Column(nullable = false)
  private int version;

  @Pattern(regexp = "[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}")
  @Column(name = "file_id", nullable = false)
  private String fileId;

  @Min(1)
  @Column(name = "segment_size", nullable = false)
  private int segmentSize;

  @Column(name = "mtime_millis", nullable = false)
  private long mtimeMillis;

  @PositiveOrZero
  @Column(nullable = false)
  private int mode;

  private int k;

  private int n;

  @PositiveOrZero private long size;

  @Pattern(regexp = "[0-9a-f]{64}", message = "must be 64 lower-case hex digits")
  @Column(nullable = false, columnDefinition = "CHAR(64)")
  private String sha256;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Valid
  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "fragment_location", joinColumns = @JoinColumn(name = "file_entry_id"))
  @OrderBy("fragmentIndex")
  private List<FragmentLocation> fragments = new ArrayList<>();

  protected FileEntry() {}

  /**
   * A complete version of a file, ready to be recorded.
   *
   * @param facts what the file was when it was read
   * @param version the version the fragments were stored under
   * @param k fragments needed to rebuild the file
   * @param n fragments the file was cut into
   * @param segmentSize file bytes per codec segment
   * @param fragments one location per fragment
   */
  public FileEntry(
      FileFacts facts,
      int version,
      int k,
      int n,
      int segmentSize,
      List<FragmentLocation> fragments) {
    this.path = facts.path();
    this.fileId = facts.fileId();
    this.size = facts.size();
    this.sha256 = facts.sha256();
    this.mtimeMillis = facts.mtimeMillis();
    this.mode = facts.mode();
    this.version = version;
    this.k = k;
    this.n = n;
    this.segmentSize = segmentSize;
    this.fragments = new ArrayList<>(fragments);
    this.createdAt = Instant.now();
  }

  /** What the file was when it was backed up. */
  public FileFacts facts() {
    return new FileFacts(path, fileId, size, sha256, mtimeMillis, mode);
  }

  /** The owner's id of the file: the same for every version of a path, until it is deleted. */
  public String fileId() {
    return fileId;
  }

  public int segmentSize() {
    return segmentSize;
  }

  public long mtimeMillis() {
    return mtimeMillis;
  }

  /** The file's permission bits (e.g. 0644). */
  public int mode() {
    return mode;
  }

  public Long id() {
    return id;
  }

  public String path() {
    return path;
  }

  public int version() {
    return version;
  }

  public int k() {
    return k;
  }

  /** The code, (k, n). */
  public CodeParameters code() {
    return new CodeParameters(k, n);
  }

  /** For Bean Validation: (k, n) follows the codec's one rule. */
  @AssertTrue(message = "k and n must satisfy 1 <= k <= n <= " + CodeParameters.MAX_N)
  public boolean isCodeValid() {
    return CodeParameters.problem(k, n).isEmpty();
  }

  public int n() {
    return n;
  }

  public long size() {
    return size;
  }

  public String sha256() {
    return sha256;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public List<FragmentLocation> fragments() {
    return List.copyOf(fragments);
  }
}
