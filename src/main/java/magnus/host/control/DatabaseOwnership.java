package magnus.host.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;
import magnus.host.entity.DatabaseOwner;

/**
 * Which peer a database belongs to. The first peer to start on a database records its id there;
 * every later start compares, so that a peer never works on another peer's FileMap and FileDatabase
 * (two local networks from two checkouts once shared {@code magnus_peer0..N}, and the second one's
 * reconciliation deleted the first one's fragment rows).
 */
@ApplicationScoped
public class DatabaseOwnership {

  @PersistenceContext(unitName = "magnus")
  EntityManager em;

  /**
   * The id of the peer this database belongs to, read before the migrations run, so that a peer
   * never migrates another peer's schema either; empty when none is recorded yet, also when the
   * table is not there yet (a new database, or one from before the table).
   */
  @Transactional
  public Optional<String> recordedOwner() {
    // to_regclass answers NULL for a missing table, where a query of it would fail the transaction.
    Object table =
        em.createNativeQuery("SELECT to_regclass('database_owner')::text").getSingleResult();
    if (table == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(em.find(DatabaseOwner.class, DatabaseOwner.ONLY_ROW))
        .map(DatabaseOwner::peerId);
  }

  /**
   * Records {@code peerId} as the owner of this database when none is recorded yet.
   *
   * @return the id of the peer the database belongs to: {@code peerId} itself, or another peer's id
   *     when the database is someone else's
   */
  @Transactional
  public String claim(String peerId) {
    DatabaseOwner owner = em.find(DatabaseOwner.class, DatabaseOwner.ONLY_ROW);
    if (owner == null) {
      // Two peers claiming at once both find no row; the second insert fails on the key, and the
      // caller tries again and finds the first one's id.
      owner = new DatabaseOwner(peerId, Instant.now());
      em.persist(owner);
    }
    return owner.peerId();
  }
}
