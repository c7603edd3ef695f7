package magnus.fragments.entity;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import magnus.host.entity.InstantColumn;

/**
 * One fragment this peer holds for another peer: a row of {@code held_fragment}. The bytes are a
 * file in the data directory; the row says what they are and is committed only after the file is
 * durable.
 */
@Entity
// Rows are read by key or by native page queries; caching 100,000s of them would only cost heap.
@Cacheable(false)
@Table(name = "held_fragment")
@IdClass(HeldFragment.Key.class)
public class HeldFragment {

  /**
   * The primary key: which fragment of which version of which owner's file. A class rather than a
   * record because JPA fills id classes field by field.
   */
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;
    String owner;
    String fileId;
    int version;
    int fragmentIndex;

    protected Key() {}

    public Key(String owner, String fileId, int version, int fragmentIndex) {
      this.owner = owner;
      this.fileId = fileId;
      this.version = version;
      this.fragmentIndex = fragmentIndex;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key other
          && owner.equals(other.owner)
          && fileId.equals(other.fileId)
          && version == other.version
          && fragmentIndex == other.fragmentIndex;
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(owner, fileId, version, fragmentIndex);
    }
  }

  @Id
  @Column(name = "owner", nullable = false)
  private String owner;

  @Id
  @Column(name = "file_id", nullable = false)
  private String fileId;

  @Id
  @Column(name = "version", nullable = false)
  private int version;

  @Id
  @Column(name = "fragment_index", nullable = false)
  private int fragmentIndex;

  @Column(name = "k", nullable = false)
  private int k;

  @Column(name = "n", nullable = false)
  private int n;

  @Column(name = "file_size", nullable = false)
  private long fileSize;

  @Column(name = "segment_size", nullable = false)
  private int segmentSize;

  @Column(name = "length", nullable = false)
  private long length;

  @Column(name = "sha256", nullable = false)
  private String sha256;

  @Column(name = "metadata", nullable = false)
  private String metadata;

  @Convert(converter = InstantColumn.class)
  @Column(name = "stored_at", nullable = false)
  private Instant storedAt;

  protected HeldFragment() {}

  public HeldFragment(FragmentHeader header, Instant storedAt) {
    this.owner = header.owner();
    this.fileId = header.fileId();
    this.version = header.version();
    this.fragmentIndex = header.index();
    replace(header, storedAt);
  }

  /** Takes the header of a fragment stored again at the same key. */
  public final void replace(FragmentHeader header, Instant storedAt) {
    this.k = header.k();
    this.n = header.n();
    this.fileSize = header.fileSize();
    this.segmentSize = header.segmentSize();
    this.length = header.length();
    this.sha256 = header.sha256();
    this.metadata = header.metadata();
    this.storedAt = storedAt;
  }

  public FragmentHeader header() {
    return new FragmentHeader(
        owner,
        fileId,
        version,
        fragmentIndex,
        k,
        n,
        fileSize,
        segmentSize,
        length,
        sha256,
        metadata);
  }

  public Instant storedAt() {
    return storedAt;
  }
}
