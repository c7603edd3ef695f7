package magnus.snapshots.entity;

import jakarta.persistence.Cacheable;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import magnus.codec.CodeParameters;
import magnus.filemap.entity.FileEntry;
import magnus.filemap.entity.FileFacts;
import magnus.filemap.entity.FragmentLocation;

/**
 * A pack this peer stored on others: its code, its length and SHA-256, and the holder of each of
 * its n fragments. Its id is made for one attempt and never used again.
 */
@Entity
@Cacheable(false)
@Table(name = "pack")
public class Pack {

  @Id
  @Column(columnDefinition = "CHAR(32)")
  private String id;

  @Column(nullable = false)
  private int k;

  @Column(nullable = false)
  private int n;

  @Column(nullable = false)
  private long size;

  /**
   * SHA-256 of the pack's index and footer (its last bytes), not of the whole pack: every blob is
   * checked against its id when it is read, so a hash of the whole would check the same bytes a
   * third time (FileBackup.backupPack); this one checks the index, which nothing else does.
   */
  @Column(nullable = false, columnDefinition = "CHAR(64)")
  private String sha256;

  @Column(name = "segment_size", nullable = false)
  private int segmentSize;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "pack_fragment", joinColumns = @JoinColumn(name = "pack_id"))
  @OrderBy("fragmentIndex")
  private List<FragmentLocation> fragments = new ArrayList<>();

  protected Pack() {}

  /** The pack as its backup stored it: {@code stored} is the entry {@code FileBackup} answered. */
  public Pack(String id, FileEntry stored) {
    this.id = id;
    this.k = stored.k();
    this.n = stored.n();
    this.size = stored.size();
    this.sha256 = stored.sha256();
    this.segmentSize = stored.segmentSize();
    this.createdAt = Instant.now();
    this.fragments = new ArrayList<>(stored.fragments());
  }

  /** A pack as a whole-host recovery finds it on its holders: from the headers of its fragments. */
  public Pack(
      String id,
      CodeParameters code,
      long size,
      String sha256,
      int segmentSize,
      Instant createdAt,
      List<FragmentLocation> fragments) {
    this.id = id;
    this.k = code.k();
    this.n = code.n();
    this.size = size;
    this.sha256 = sha256;
    this.segmentSize = segmentSize;
    this.createdAt = createdAt;
    this.fragments = new ArrayList<>(fragments);
  }

  /**
   * The pack as an object to restore from its holders, as a file's version is restored: an entry
   * that is never recorded in the FileMap.
   */
  public FileEntry asObject() {
    return new FileEntry(
        new FileFacts("pack " + id, id, size, sha256, createdAt.toEpochMilli(), 0600),
        1,
        k,
        n,
        segmentSize,
        fragments);
  }

  public String id() {
    return id;
  }

  /** SHA-256 of the pack's index and footer. */
  public String sha256() {
    return sha256;
  }

  public CodeParameters code() {
    return new CodeParameters(k, n);
  }

  public long size() {
    return size;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public int segmentSize() {
    return segmentSize;
  }

  public List<FragmentLocation> fragments() {
    return List.copyOf(fragments);
  }
}
