package magnus.filemap.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A fragment that its holder must still be told to remove. Written in the transaction that deletes
 * the file's entry, deleted when the holder confirms; a holder that is offline is told later.
 */
@Entity
@Table(name = "pending_removal")
@NamedQuery(
    name = PendingRemoval.OLDEST_FIRST,
    query = "SELECT r FROM PendingRemoval r ORDER BY r.id")
@NamedQuery(name = PendingRemoval.COUNT, query = "SELECT COUNT(r) FROM PendingRemoval r")
public class PendingRemoval {

  public static final String OLDEST_FIRST = "PendingRemoval.oldestFirst";
  public static final String COUNT = "PendingRemoval.count";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "peer_id", nullable = false)
  private String peerId;

  @Column(name = "file_id", nullable = false)
  private String fileId;

  @Column(nullable = false)
  private int version;

  @Column(name = "fragment_index", nullable = false)
  private int fragmentIndex;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(nullable = false)
  private int attempts;

  @Column(name = "last_error")
  private String lastError;

  protected PendingRemoval() {}

  public PendingRemoval(String peerId, String fileId, int version, int fragmentIndex) {
    this.peerId = peerId;
    this.fileId = fileId;
    this.version = version;
    this.fragmentIndex = fragmentIndex;
    this.createdAt = Instant.now();
  }

  public Long id() {
    return id;
  }

  public String peerId() {
    return peerId;
  }

  public String fileId() {
    return fileId;
  }

  public int version() {
    return version;
  }

  public int fragmentIndex() {
    return fragmentIndex;
  }

  public int attempts() {
    return attempts;
  }

  public String lastError() {
    return lastError;
  }

  /** Counts a failed attempt and keeps its reason, for the operator. */
  public void failed(String reason) {
    attempts++;
    lastError = reason == null ? null : reason.substring(0, Math.min(reason.length(), 500));
  }
}
