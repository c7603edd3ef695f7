package magnus.fragments.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Tuple;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Root;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import magnus.fragments.entity.FragmentHeader;
import magnus.fragments.entity.HeldFragment;

/**
 * The rows of {@code held_fragment}, the one way this component reaches its table: JPA on {@link
 * HeldFragment}, each write in a transaction of its own ({@code REQUIRES_NEW}) that has committed
 * when the method returns, so that {@link FragmentStore} can order it exactly after the file is
 * durable and before the answer. Reads run in a (short) transaction too: outside one, Payara gives
 * each call a throw-away entity manager whose clean-up breaks on the managed scheduler's threads
 * (the heartbeat reads the bytes held from there). The one native query is the page of a query,
 * whose row-value comparison is what lets PostgreSQL answer every page from the primary key index
 * however deep it is; it maps onto the entity, not onto positional columns. The sum and the
 * reconciliation's rows are Criteria queries, whose tuple elements are the typed paths themselves.
 */
@ApplicationScoped
public class HeldFragments {

  @PersistenceContext(unitName = "magnus")
  EntityManager em;

  /** Bytes of fragments held for others now. */
  @Transactional
  public long usedBytes() {
    CriteriaBuilder cb = em.getCriteriaBuilder();
    CriteriaQuery<Number> sum = cb.createQuery(Number.class);
    Root<HeldFragment> h = sum.from(HeldFragment.class);
    sum.select(cb.sum(h.<Long>get("length")));
    Number bytes = em.createQuery(sum).getSingleResult();
    return bytes == null ? 0 : bytes.longValue(); // no rows: SUM is null
  }

  /** The header of a held fragment, if this peer holds it. */
  @Transactional
  public Optional<FragmentHeader> find(HeldFragment.Key key) {
    HeldFragment row = em.find(HeldFragment.class, key);
    return row == null ? Optional.empty() : Optional.of(row.header());
  }

  /**
   * Records a fragment whose file is durable, replacing the row of the same key; committed when
   * this returns. The capacity is checked again here, inside the transaction, against the rows as
   * they are now.
   *
   * @param capacity the bytes this peer offers
   * @return the header the replaced row had, if there was one
   * @throws FragmentException (NO_ROOM) when the fragment no longer fits; nothing is recorded
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Optional<FragmentHeader> record(FragmentHeader header, long capacity) {
    HeldFragment row = em.find(HeldFragment.class, keyOf(header));
    FragmentHeader old = row == null ? null : row.header();
    FragmentStore.checkCapacity(header, capacity, usedBytes() - (old == null ? 0 : old.length()));
    if (row == null) {
      em.persist(new HeldFragment(header, Instant.now()));
    } else if (!old.equals(header)) {
      row.replace(header, Instant.now());
    }
    em.flush();
    return Optional.ofNullable(old);
  }

  /**
   * Deletes a fragment's row; committed when this returns.
   *
   * @return the header it had, if the fragment was held
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Optional<FragmentHeader> remove(HeldFragment.Key key) {
    HeldFragment row = em.find(HeldFragment.class, key);
    if (row == null) {
      return Optional.empty();
    }
    em.remove(row);
    em.flush();
    return Optional.of(row.header());
  }

  /** Deletes the rows of these keys (those that are there), in one transaction. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void removeAll(Collection<HeldFragment.Key> keys) {
    for (HeldFragment.Key key : keys) {
      HeldFragment row = em.find(HeldFragment.class, key);
      if (row != null) {
        em.remove(row);
      }
    }
  }

  /**
   * Up to {@code limit} headers of an owner after a key, in (fileId, version, index) order.
   *
   * @param after the key of the last header of the previous page, or null for the first page
   */
  @SuppressWarnings("unchecked")
  @Transactional
  public List<FragmentHeader> page(String owner, FragmentStore.Cursor after, int limit) {
    var query =
        em.createNativeQuery(
                "SELECT * FROM held_fragment WHERE owner = ?1"
                    + (after == null
                        ? ""
                        : " AND (file_id, version, fragment_index) > (?3, ?4, ?5)")
                    + " ORDER BY file_id, version, fragment_index LIMIT ?2",
                HeldFragment.class)
            .setParameter(1, owner)
            .setParameter(2, limit);
    if (after != null) {
      query.setParameter(3, after.fileId());
      query.setParameter(4, after.version());
      query.setParameter(5, after.index());
    }
    List<FragmentHeader> headers = new ArrayList<>(limit);
    for (HeldFragment row : (List<HeldFragment>) query.getResultList()) {
      headers.add(row.header());
    }
    return headers;
  }

  /** What start-up reconciliation needs of every row: its key, its file and its length. */
  public record Stored(HeldFragment.Key key, String relativePath, long length) {}

  /** Every row as {@link Stored}, without loading the (possibly large) metadata. */
  @Transactional
  public List<Stored> all() {
    CriteriaBuilder cb = em.getCriteriaBuilder();
    CriteriaQuery<Tuple> query = cb.createTupleQuery();
    Root<HeldFragment> h = query.from(HeldFragment.class);
    Path<String> owner = h.get("owner");
    Path<String> fileId = h.get("fileId");
    Path<Integer> version = h.get("version");
    Path<Integer> index = h.get("fragmentIndex");
    Path<String> sha256 = h.get("sha256");
    Path<Long> length = h.get("length");
    query.multiselect(owner, fileId, version, index, sha256, length);
    List<Tuple> rows = em.createQuery(query).getResultList();
    List<Stored> stored = new ArrayList<>(rows.size());
    for (Tuple t : rows) {
      HeldFragment.Key key =
          new HeldFragment.Key(t.get(owner), t.get(fileId), t.get(version), t.get(index));
      stored.add(
          new Stored(
              key,
              FragmentFiles.relativePath(
                  t.get(owner), t.get(fileId), t.get(version), t.get(index), t.get(sha256).strip()),
              t.get(length)));
    }
    return stored;
  }

  static HeldFragment.Key keyOf(FragmentHeader h) {
    return new HeldFragment.Key(h.owner(), h.fileId(), h.version(), h.index());
  }
}
