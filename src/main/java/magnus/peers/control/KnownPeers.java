package magnus.peers.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import magnus.peers.entity.KnownPeer;
import magnus.peers.entity.PeerDescriptor;

/**
 * The peers this one has ever seen live, kept in its own database ({@code known_peers}) with the
 * time each was first and last seen: JPA on {@link KnownPeer}, the record in a transaction.
 */
@ApplicationScoped
public class KnownPeers {

  @PersistenceContext(unitName = "magnus")
  EntityManager em;

  /**
   * Records the peers seen live now: one query for the rows there are, then one batch of inserts
   * and updates for those that changed (the persistence unit batches JDBC writes).
   *
   * @return how many rows were inserted or updated
   */
  @Transactional
  public int record(Collection<PeerDescriptor> seen) {
    if (seen.isEmpty()) {
      return 0;
    }
    Map<String, PeerDescriptor> byId = new HashMap<>();
    seen.forEach(p -> byId.put(p.id(), p));
    Map<String, KnownPeer> known = new HashMap<>();
    em.createQuery("SELECT p FROM KnownPeer p WHERE p.id IN :ids", KnownPeer.class)
        .setParameter("ids", List.copyOf(byId.keySet()))
        .getResultList()
        .forEach(p -> known.put(p.id(), p));
    int written = 0;
    for (PeerDescriptor peer : byId.values()) {
      KnownPeer row = known.get(peer.id());
      if (row == null) {
        em.persist(new KnownPeer(peer));
        written++;
      } else if (row.update(peer)) {
        written++;
      }
    }
    return written;
  }

  /** Every peer ever seen, as last seen. */
  @Transactional
  public List<KnownPeer> all() {
    return em.createQuery("SELECT p FROM KnownPeer p ORDER BY p.id", KnownPeer.class)
        .getResultList();
  }
}
