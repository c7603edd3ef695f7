package magnus.filemap.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import magnus.codec.CodeParameters;
import magnus.filemap.entity.FileEntry;
import magnus.filemap.entity.FragmentLocation;
import magnus.filemap.entity.PendingRemoval;

/**
 * The FileMap: records each backed-up version of a path and answers where its fragments are.
 *
 * <p>Every method runs in its own transaction (or in the caller's). Versions of a path are numbered
 * 1, 2, 3, ... in the order they are backed up; the database's unique key on (path, version) turns
 * a concurrent record of the same version into a failed transaction rather than two entries with
 * one number.
 */
@ApplicationScoped
@Transactional
public class FileMap {

  @PersistenceContext(unitName = "magnus")
  EntityManager em;

  /**
   * Records a version whose n fragments have all been acknowledged by their holders.
   *
   * @param entry a complete entry: path, version, code, size, hash and one location per fragment
   * @return the entry as stored
   * @throws IllegalArgumentException when its code breaks 1 <= k <= n <= 256, the entry does not
   *     list exactly n distinct fragments, or its version is not newer than the path's newest
   */
  public FileEntry record(FileEntry entry) {
    CodeParameters.problem(entry.k(), entry.n())
        .ifPresent(
            p -> {
              throw new IllegalArgumentException(p);
            });
    long distinct =
        entry.fragments().stream().mapToInt(FragmentLocation::fragmentIndex).distinct().count();
    if (entry.fragments().size() != entry.n() || distinct != entry.n()) {
      throw new IllegalArgumentException(
          "an entry of a ("
              + entry.k()
              + ", "
              + entry.n()
              + ") code needs n distinct fragment locations, got "
              + entry.fragments());
    }
    int newest = newest(entry.path()).map(FileEntry::version).orElse(0);
    if (entry.version() <= newest) {
      throw new IllegalArgumentException(
          "version " + entry.version() + " of " + entry.path() + " is not newer than " + newest);
    }
    em.persist(entry);
    return entry;
  }

  /** Every recorded version of a path, oldest first; empty when the path was never backed up. */
  public List<FileEntry> versions(String path) {
    return em.createNamedQuery(FileEntry.VERSIONS_OF_PATH, FileEntry.class)
        .setParameter("path", path)
        .getResultList();
  }

  /** The newest version of a path, if it has one. */
  public Optional<FileEntry> newest(String path) {
    List<FileEntry> all = versions(path);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** The entries with the given ids, in id order (a batch of a recovery run). */
  public List<FileEntry> entries(List<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return em.createQuery(
            "SELECT e FROM FileEntry e WHERE e.id IN :ids ORDER BY e.id", FileEntry.class)
        .setParameter("ids", ids)
        .getResultList();
  }

  /** Whether the FileMap holds no entry at all, as after the loss of the host's disk. */
  public boolean isEmpty() {
    return em.createQuery("SELECT e.id FROM FileEntry e", Long.class)
        .setMaxResults(1)
        .getResultList()
        .isEmpty();
  }

  /** The newest version of every path that starts with {@code prefix}, in path order. */
  public List<FileEntry> newestUnder(String prefix) {
    String pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    return em.createNamedQuery(FileEntry.NEWEST_UNDER, FileEntry.class)
        .setParameter("prefix", pattern)
        .getResultList();
  }

  /**
   * Deletes every version of a path and, in the same transaction, keeps a pending removal for each
   * of their fragments, so that no holder is forgotten even when it is offline now.
   *
   * @return the versions deleted; empty when the path had none
   */
  public List<FileEntry> delete(String path) {
    List<FileEntry> all = versions(path);
    for (FileEntry entry : all) {
      for (FragmentLocation f : entry.fragments()) {
        em.persist(
            new PendingRemoval(f.peerId(), entry.fileId(), entry.version(), f.fragmentIndex()));
      }
      em.remove(entry);
    }
    return all;
  }

  /**
   * Keeps pending removals for fragments that were stored but never recorded (a backup that failed
   * part way), so that their holders drop them.
   */
  public void forget(String fileId, int version, List<FragmentLocation> stored) {
    for (FragmentLocation f : stored) {
      em.persist(new PendingRemoval(f.peerId(), fileId, version, f.fragmentIndex()));
    }
  }

  /**
   * As {@link #forget}, for fragments found on holders that may be pending removal already (an
   * earlier sweep's, not confirmed yet): those are left as they are.
   */
  public void forgetFound(String fileId, int version, List<FragmentLocation> found) {
    java.util.Set<String> pending = new java.util.HashSet<>();
    for (Object[] r :
        em.createQuery(
                "SELECT r.peerId, r.fragmentIndex FROM PendingRemoval r"
                    + " WHERE r.fileId = :file AND r.version = :version",
                Object[].class)
            .setParameter("file", fileId)
            .setParameter("version", version)
            .getResultList()) {
      pending.add(r[0] + "/" + r[1]);
    }
    for (FragmentLocation f : found) {
      if (pending.add(f.peerId() + "/" + f.fragmentIndex())) {
        em.persist(new PendingRemoval(f.peerId(), fileId, version, f.fragmentIndex()));
      }
    }
  }

  /** The oldest pending removals, at most {@code limit}. */
  public List<PendingRemoval> pendingRemovals(int limit) {
    return em.createNamedQuery(PendingRemoval.OLDEST_FIRST, PendingRemoval.class)
        .setMaxResults(limit)
        .getResultList();
  }

  /** How many removals are still pending. */
  public long pendingRemovalCount() {
    return em.createNamedQuery(PendingRemoval.COUNT, Long.class).getSingleResult();
  }

  /** The holder confirmed the removal. */
  public void removed(long pendingRemovalId) {
    PendingRemoval r = em.find(PendingRemoval.class, pendingRemovalId);
    if (r != null) {
      em.remove(r);
    }
  }

  /** The holder could not be told; the removal stays pending. */
  public void removalFailed(long pendingRemovalId, String reason) {
    PendingRemoval r = em.find(PendingRemoval.class, pendingRemovalId);
    if (r != null) {
      r.failed(reason);
    }
  }
}
