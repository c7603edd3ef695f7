package magnus.host.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The one row of {@code database_owner}: the peer whose database this is, recorded when that peer
 * first started on it.
 */
@Entity
@Table(name = "database_owner")
public class DatabaseOwner {

  /** The key of the only row there can be. */
  public static final Boolean ONLY_ROW = Boolean.TRUE;

  @Id
  @Column(name = "only_row")
  private Boolean onlyRow = ONLY_ROW;

  @Column(name = "peer_id", nullable = false, updatable = false)
  private String peerId;

  @Column(name = "recorded_at", nullable = false, updatable = false)
  private Instant recordedAt;

  protected DatabaseOwner() {}

  public DatabaseOwner(String peerId, Instant recordedAt) {
    this.peerId = peerId;
    this.recordedAt = recordedAt;
  }

  public String peerId() {
    return peerId;
  }

  public Instant recordedAt() {
    return recordedAt;
  }
}
