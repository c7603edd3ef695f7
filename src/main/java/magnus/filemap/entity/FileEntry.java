package magnus.filemap.entity;

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
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One backed-up version of a path: the FileMap's entry. Keyed by (path, version); the version is
 * given by {@link magnus.filemap.boundary.FileMap#record} as one more than the path's newest.
 */
@Entity
@Table(name = "file_entry")
@NamedQuery(
    name = FileEntry.VERSIONS_OF_PATH,
    query = "SELECT e FROM FileEntry e WHERE e.path = :path ORDER BY e.version")
@NamedQuery(
    name = FileEntry.NEWEST_VERSION,
    query = "SELECT MAX(e.version) FROM FileEntry e WHERE e.path = :path")
public class FileEntry {

  public static final String VERSIONS_OF_PATH = "FileEntry.versionsOfPath";
  public static final String NEWEST_VERSION = "FileEntry.newestVersion";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @NotBlank
  @Column(nullable = false)
  private String path;

  @Column(nullable = false)
  private int version;

  @Min(1)
  @Max(256)
  private int k;

  @Min(1)
  @Max(256)
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

  public FileEntry(
      String path, int k, int n, long size, String sha256, List<FragmentLocation> fragments) {
    this.path = path;
    this.k = k;
    this.n = n;
    this.size = size;
    this.sha256 = sha256;
    this.fragments = new ArrayList<>(fragments);
    this.createdAt = Instant.now();
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

  /** Set once, by the FileMap, when the entry is recorded. */
  public void assignVersion(int version) {
    this.version = version;
  }

  public int k() {
    return k;
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
