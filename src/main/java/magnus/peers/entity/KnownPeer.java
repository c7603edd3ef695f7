package magnus.peers.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import magnus.host.entity.InstantColumn;

/**
 * A peer this one has seen live in the Data Grid, as it last published itself, with when it was
 * first and last seen. The row outlives the peer's presence in the grid: a peer that is gone is
 * still known, with the time it was last seen.
 */
@Entity
@Table(name = "known_peers")
public class KnownPeer {

  @Id
  @Column(name = "id")
  private String id;

  @Column(name = "url", nullable = false)
  private String url;

  @Column(name = "failure_domain", nullable = false)
  private String failureDomain;

  @Column(name = "capacity_bytes", nullable = false)
  private long capacityBytes;

  @Column(name = "free_bytes", nullable = false)
  private long freeBytes;

  @Column(name = "first_seen_at", nullable = false)
  @Convert(converter = InstantColumn.class)
  private Instant firstSeenAt;

  @Column(name = "last_seen_at", nullable = false)
  @Convert(converter = InstantColumn.class)
  private Instant lastSeenAt;

  protected KnownPeer() {
    // for JPA
  }

  /** A peer seen for the first time. */
  public KnownPeer(PeerDescriptor seen) {
    this.id = seen.id();
    this.firstSeenAt = seen.seenAt();
    update(seen);
  }

  /**
   * Takes what the peer published now.
   *
   * @return whether anything changed that is worth a write
   */
  public boolean update(PeerDescriptor seen) {
    boolean changed =
        !seen.url().equals(url)
            || !seen.failureDomain().equals(failureDomain)
            || seen.capacityBytes() != capacityBytes
            || seen.freeBytes() != freeBytes
            || lastSeenAt == null
            || seen.seenAt().isAfter(lastSeenAt);
    if (changed) {
      url = seen.url();
      failureDomain = seen.failureDomain();
      capacityBytes = seen.capacityBytes();
      freeBytes = seen.freeBytes();
      if (lastSeenAt == null || seen.seenAt().isAfter(lastSeenAt)) {
        lastSeenAt = seen.seenAt();
      }
    }
    return changed;
  }

  public String id() {
    return id;
  }

  public Instant firstSeenAt() {
    return firstSeenAt;
  }

  public Instant lastSeenAt() {
    return lastSeenAt;
  }

  /** What the peer last published, seen at the time it was last seen. */
  public PeerDescriptor descriptor() {
    return new PeerDescriptor(id, url, failureDomain, capacityBytes, freeBytes, lastSeenAt);
  }
}
