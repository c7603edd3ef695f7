package magnus.filemap.boundary;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Optional;
import magnus.filemap.entity.FileEntry;

/**
 * The FileMap: records each backed-up version of a path and answers where its fragments are.
 *
 * <p>Every method runs in its own transaction. Versions of a path are numbered 1, 2, 3, ... in the
 * order they are recorded; the database's unique key on (path, version) turns a concurrent record
 * of the same path into a failed transaction rather than two entries with one number.
 */
@Stateless
public class FileMap {

  @PersistenceContext(unitName = "magnus")
  EntityManager em;

  /**
   * Records a new version of the entry's path.
   *
   * @param entry a complete entry: path, code, size, hash and one location per fragment
   * @return the entry as stored, with its version assigned
   * @throws IllegalArgumentException when the entry does not list exactly n distinct fragments
   */
  public FileEntry record(@NotNull @Valid FileEntry entry) {
    long distinct = entry.fragments().stream().mapToInt(f -> f.fragmentIndex()).distinct().count();
    if (entry.fragments().size() != entry.n() || distinct != entry.n() || entry.k() > entry.n()) {
      throw new IllegalArgumentException(
          "an entry of a ("
              + entry.k()
              + ", "
              + entry.n()
              + ") code needs n distinct fragment locations, got "
              + entry.fragments());
    }
    Integer newest =
        em.createNamedQuery(FileEntry.NEWEST_VERSION, Integer.class)
            .setParameter("path", entry.path())
            .getSingleResult();
    entry.assignVersion(newest == null ? 1 : newest + 1);
    em.persist(entry);
    return entry;
  }

  /** Every recorded version of a path, oldest first; empty when the path was never backed up. */
  public List<FileEntry> versions(@NotBlank String path) {
    return em.createNamedQuery(FileEntry.VERSIONS_OF_PATH, FileEntry.class)
        .setParameter("path", path)
        .getResultList();
  }

  /** The newest version of a path, if it has one. */
  public Optional<FileEntry> newest(@NotBlank String path) {
    List<FileEntry> all = versions(path);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }
}
