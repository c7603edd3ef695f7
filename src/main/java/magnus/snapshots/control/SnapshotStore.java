package magnus.snapshots.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import magnus.packs.PackIndex;
import magnus.snapshots.entity.Pack;
import magnus.snapshots.entity.Snapshot;

/**
 * The snapshot component's tables: packs and their fragments, blobs, snapshots, cached trees.
 *
 * <p>Packs and snapshots are JPA entities. Why native SQL for blobs: a pack of small files holds
 * thousands of them, and one {@code INSERT ... SELECT FROM unnest(arrays)} records them all in one
 * round trip, on the connection of the JPA transaction that records the pack, so that a pack and
 * its blobs are recorded together or not at all.
 */
@ApplicationScoped
@Transactional
public class SnapshotStore {

  /** Rows read from PostgreSQL at a time by {@link #query}. */
  private static final int FETCH_ROWS = 5_000;

  @PersistenceContext(unitName = "magnus")
  EntityManager em;

  @jakarta.inject.Inject magnus.filemap.control.FileMap fileMap;

  /** Where a blob's bytes lie. */
  public record Place(String id, PackIndex.Kind kind, String packId, long offset, int length) {}

  /**
   * Records a pack whose n fragments are all acknowledged, with its blobs and the bytes of the
   * trees among them, in one transaction. A blob already recorded in another pack keeps its place.
   */
  public void recordPack(Pack pack, List<PackIndex.Entry> blobs, Map<String, byte[]> trees) {
    em.persist(pack);
    em.flush();
    recordBlobs(pack.id(), blobs, trees);
  }

  /**
   * Records a pack found on its holders by a whole-host recovery, before its index is read: its
   * blobs follow ({@link #recordBlobs}).
   */
  public void recordFound(Pack pack) {
    if (em.find(Pack.class, pack.id()) == null) {
      em.persist(pack);
    }
  }

  /** Removes the row of a found pack whose index could not be read; its fragments stay. */
  public void dropFound(String id) {
    Pack pack = em.find(Pack.class, id);
    if (pack != null && blobsIn(id).isEmpty()) {
      em.remove(pack);
    }
  }

  /** Records the blobs of a recorded pack; a blob recorded already moves to this pack. */
  public void recordBlobs(String packId, List<PackIndex.Entry> blobs, Map<String, byte[]> trees) {
    recordBlobs(packId, blobs, trees, true);
  }

  /**
   * Records the blobs of a pack found by a whole-host recovery; a blob recorded already, from a
   * pack found before, stays where it is. Why: the same blob may lie in two packs (a backup killed
   * after some of its packs were stored, then run again), and the recovery records the packs with
   * the most fragments first, so that a blob's place is its best-kept copy, never one that lost
   * fragments.
   */
  public void recordFoundBlobs(String packId, List<PackIndex.Entry> blobs) {
    recordBlobs(packId, blobs, Map.of(), false);
  }

  private void recordBlobs(
      String packId, List<PackIndex.Entry> blobs, Map<String, byte[]> trees, boolean move) {
    int m = blobs.size();
    String[] id = new String[m];
    String[] kind = new String[m];
    Long[] offset = new Long[m];
    Integer[] length = new Integer[m];
    for (int i = 0; i < m; i++) {
      PackIndex.Entry e = blobs.get(i);
      id[i] = e.id();
      kind[i] = e.kind().name();
      offset[i] = e.offset();
      length[i] = e.length();
    }
    Connection c = em.unwrap(Connection.class);
    try {
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO blob (id, kind, pack_id, \"offset\", length)"
                  + " SELECT u.id, u.kind, ?, u.off, u.len"
                  + " FROM unnest(?::text[], ?::text[], ?::bigint[], ?::int[])"
                  + " AS u(id, kind, off, len)"
                  // A blob stored again (by a prune that rewrites its pack, or by two runs at
                  // once) lies where it was stored last: that pack is durable and recorded now.
                  + (move
                      ? " ON CONFLICT (id) DO UPDATE SET pack_id = EXCLUDED.pack_id,"
                          + " \"offset\" = EXCLUDED.\"offset\", length = EXCLUDED.length"
                      : " ON CONFLICT (id) DO NOTHING"))) {
        s.setString(1, packId);
        s.setArray(2, c.createArrayOf("text", id));
        s.setArray(3, c.createArrayOf("text", kind));
        s.setArray(4, c.createArrayOf("int8", offset));
        s.setArray(5, c.createArrayOf("int4", length));
        s.executeUpdate();
      }
      if (!trees.isEmpty()) {
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO tree_cache (id, bytes) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
          for (Map.Entry<String, byte[]> t : trees.entrySet()) {
            s.setString(1, t.getKey());
            s.setBytes(2, t.getValue());
            s.addBatch();
          }
          s.executeBatch();
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot record pack " + packId + ": " + e.getMessage(), e);
    }
  }

  /**
   * The ids of every blob recorded: what a backup need not store again. 32 bytes of heap each (3.2
   * MB for 100,000; {@link KnownBlobs}).
   */
  KnownBlobs blobIds() {
    long[] count = {0};
    query("SELECT count(*) FROM blob", s -> {}, r -> count[0] = r.getLong(1));
    KnownBlobs ids = new KnownBlobs((int) Math.min(Integer.MAX_VALUE / 8, count[0]));
    // COLLATE "C": byte order, which is the order of the ids as numbers whatever the database's
    // collation.
    query("SELECT id FROM blob ORDER BY id COLLATE \"C\"", s -> {}, r -> ids.add(r.getString(1)));
    return ids;
  }

  /** The places of the given blobs; a blob that is not recorded is missing from the answer. */
  public Map<String, Place> places(Collection<String> ids) {
    Map<String, Place> places = new HashMap<>();
    if (ids.isEmpty()) {
      return places;
    }
    Connection c = em.unwrap(Connection.class);
    query(
        "SELECT id, kind, pack_id, \"offset\", length FROM blob WHERE id = ANY(?::char(64)[])",
        s -> s.setArray(1, c.createArrayOf("text", ids.toArray(String[]::new))),
        r -> places.put(r.getString(1), place(r)));
    return places;
  }

  /** The places of every blob of one kind. */
  public List<Place> placesOfKind(PackIndex.Kind kind) {
    List<Place> places = new java.util.ArrayList<>();
    query(
        "SELECT id, kind, pack_id, \"offset\", length FROM blob WHERE kind = ?",
        s -> s.setString(1, kind.name()),
        r -> places.add(place(r)));
    return places;
  }

  /** A place from a row of {@code id, kind, pack_id, "offset", length}. */
  private static Place place(ResultSet r) throws SQLException {
    return new Place(
        r.getString(1),
        PackIndex.Kind.valueOf(r.getString(2)),
        r.getString(3),
        r.getLong(4),
        r.getInt(5));
  }

  /** A tree's bytes, if they are cached here. */
  public Optional<byte[]> cachedTree(String id) {
    byte[][] found = new byte[1][];
    query(
        "SELECT bytes FROM tree_cache WHERE id = ?",
        s -> s.setString(1, id),
        r -> found[0] = r.getBytes(1));
    return Optional.ofNullable(found[0]);
  }

  /**
   * The cached trees among {@code ids}, in one query; a tree that is not cached is missing from the
   * answer.
   */
  public Map<String, byte[]> cachedTrees(Collection<String> ids) {
    Map<String, byte[]> found = new HashMap<>();
    if (ids.isEmpty()) {
      return found;
    }
    Connection c = em.unwrap(Connection.class);
    query(
        "SELECT id, bytes FROM tree_cache WHERE id = ANY(?::char(64)[])",
        s -> s.setArray(1, c.createArrayOf("text", ids.toArray(String[]::new))),
        r -> found.put(r.getString(1), r.getBytes(2)));
    return found;
  }

  /** Caches a tree read back out of its pack. */
  public void cacheTree(String id, byte[] bytes) {
    Connection c = em.unwrap(Connection.class);
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO tree_cache (id, bytes) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
      s.setString(1, id);
      s.setBytes(2, bytes);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot cache tree " + id + ": " + e.getMessage(), e);
    }
  }

  public Optional<Pack> pack(String id) {
    return Optional.ofNullable(em.find(Pack.class, id));
  }

  /** A blob as a prune counts it: its id and length, in the pack its row names. */
  public record BlobRow(String id, int length) {}

  /** Every pack's id and size, in id order. */
  public Map<String, Long> packSizes() {
    Map<String, Long> sizes = new java.util.TreeMap<>();
    query("SELECT id, size FROM pack", s -> {}, r -> sizes.put(r.getString(1), r.getLong(2)));
    return sizes;
  }

  /** The blobs recorded in one pack. */
  public List<BlobRow> blobsIn(String packId) {
    List<BlobRow> rows = new java.util.ArrayList<>();
    query(
        "SELECT id, length FROM blob WHERE pack_id = ?",
        s -> s.setString(1, packId),
        r -> rows.add(new BlobRow(r.getString(1), r.getInt(2))));
    return rows;
  }

  /**
   * Drops a pack from the records: its blobs' rows and its own, and, in the same transaction, a
   * pending removal of each of its fragments, so that every holder is told to remove it even when
   * it is offline now.
   */
  public void dropPack(String id) {
    Pack pack = em.find(Pack.class, id);
    if (pack == null) {
      return;
    }
    em.createNativeQuery("DELETE FROM blob WHERE pack_id = ?").setParameter(1, id).executeUpdate();
    fileMap.forget(id, 1, pack.fragments());
    em.remove(pack);
  }

  /**
   * Forgets a snapshot: its row, and the pack of its record (nothing else is in it). What only it
   * referenced stays until a prune.
   */
  public void forget(Snapshot snapshot) {
    Snapshot s = em.find(Snapshot.class, snapshot.id());
    if (s == null) {
      return;
    }
    em.remove(s);
    em.flush();
    dropPack(s.recordPack());
  }

  /**
   * Records {@code replacement} and forgets {@code old}, in one transaction: a deletion of a path
   * from a snapshot lists one or the other at every moment, never both nor neither.
   */
  public void replace(Snapshot old, Snapshot replacement) {
    em.persist(replacement);
    forget(old);
  }

  /** Whether a snapshot of this id is recorded. */
  public boolean hasSnapshot(String id) {
    return em.find(Snapshot.class, id) != null;
  }

  /** Whether a blob of this id is recorded. */
  public boolean hasBlob(String id) {
    return !places(List.of(id)).isEmpty();
  }

  /** Records a snapshot whose packs are all recorded. */
  public void recordSnapshot(Snapshot snapshot) {
    em.persist(snapshot);
  }

  /** Every snapshot, newest first. */
  public List<Snapshot> snapshots() {
    return em.createNamedQuery(Snapshot.NEWEST_FIRST, Snapshot.class).getResultList();
  }

  /** A snapshot by its id, or by a prefix of it that only one snapshot's id starts with. */
  public List<Snapshot> snapshotsStartingWith(String prefix) {
    return em.createQuery(
            "SELECT s FROM Snapshot s WHERE s.id LIKE :prefix ORDER BY s.createdAt DESC",
            Snapshot.class)
        .setParameter("prefix", prefix.replaceAll("[^0-9a-f]", "") + "%")
        .getResultList();
  }

  /** The newest snapshot of exactly these paths: the one a new run of them is compared with. */
  public Optional<Snapshot> newestOf(List<String> paths) {
    String key = String.join("\n", paths.stream().sorted().toList());
    return em
        .createQuery(
            "SELECT s FROM Snapshot s WHERE s.paths = :paths ORDER BY s.createdAt DESC",
            Snapshot.class)
        .setParameter("paths", key)
        .setMaxResults(1)
        .getResultList()
        .stream()
        .findFirst();
  }

  /** Whether no pack is recorded: what a peer that lost its disk finds. */
  public boolean noPack() {
    return em.createQuery("SELECT p.id FROM Pack p", String.class)
        .setMaxResults(1)
        .getResultList()
        .isEmpty();
  }

  private interface Binder {
    void bind(PreparedStatement s) throws SQLException;
  }

  private interface Row {
    void read(ResultSet r) throws SQLException;
  }

  private void query(String sql, Binder binder, Row row) {
    Connection c = em.unwrap(Connection.class);
    try (PreparedStatement s = c.prepareStatement(sql)) {
      binder.bind(s);
      // Rows come in batches of this many: without a fetch size PostgreSQL's driver holds a whole
      // answer in memory before the first row is read (a million blob ids for KnownBlobs: some 120
      // MB). It streams only inside a transaction, which every method of this class runs in.
      s.setFetchSize(FETCH_ROWS);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          row.read(r);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the snapshot tables: " + e.getMessage(), e);
    }
  }
}
