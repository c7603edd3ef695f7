package magnus.recovery.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import magnus.recovery.entity.FileState;
import magnus.recovery.entity.Phase;
import magnus.recovery.entity.RecoveryFile;
import magnus.recovery.entity.RecoveryRun;
import magnus.recovery.entity.RunKind;

/**
 * What recovery runs keep in the database: the runs ({@code recovery_run}) and each file's state in
 * a run ({@code recovery_file}), the only tables the Recovery Manager writes. Every method is one
 * transaction. A run's files go in with one statement ({@link #queueNewest}) and change state in
 * one statement per batch, because a run meets hundreds of thousands of files.
 */
@ApplicationScoped
public class RecoveryRecords {

  @PersistenceContext(unitName = "magnus")
  EntityManager em;

  /** Files of a run by state, and their bytes. */
  public record Counts(Map<FileState, Long> files, Map<FileState, Long> bytes) {
    public long files(FileState state) {
      return files.getOrDefault(state, 0L);
    }

    public long bytes(FileState state) {
      return bytes.getOrDefault(state, 0L);
    }

    public long totalFiles() {
      return files.values().stream().mapToLong(Long::longValue).sum();
    }

    public long totalBytes() {
      return bytes.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** A file of a run that is not finished well, with its state and why. */
  public record Open(String path, FileState state, String detail) {}

  /** The run that is not done, if there is one. */
  @Transactional
  public Optional<RecoveryRun> active() {
    return em.createQuery(
            "SELECT r FROM RecoveryRun r WHERE r.phase <> :done ORDER BY r.id", RecoveryRun.class)
        .setParameter("done", Phase.DONE.wire())
        .setMaxResults(1)
        .getResultStream()
        .findFirst();
  }

  /** The newest run, done or not. */
  @Transactional
  public Optional<RecoveryRun> latest() {
    return em.createQuery("SELECT r FROM RecoveryRun r ORDER BY r.id DESC", RecoveryRun.class)
        .setMaxResults(1)
        .getResultStream()
        .findFirst();
  }

  /**
   * Whether this peer has recorded a pack of the snapshot model ({@code snapshots}' table, read
   * here): a peer with packs has not lost its disk, even when its FileMap is empty.
   */
  @Transactional
  public boolean anyPack() {
    return !em.createNativeQuery("SELECT 1 FROM pack LIMIT 1").getResultList().isEmpty();
  }

  /** Whether a whole-host recovery was ever started on this database. */
  @Transactional
  public boolean hostRunExists() {
    return !em.createQuery("SELECT r.id FROM RecoveryRun r WHERE r.kind = :host", Long.class)
        .setParameter("host", RunKind.HOST.wire())
        .setMaxResults(1)
        .getResultList()
        .isEmpty();
  }

  /**
   * Starts a run that restores the newest version of every path, with its files queued, in one
   * transaction. Why one: a run restoring with no file queued yet is a finished run to the
   * recovery's tick, which marked a drill done, 0 of 1000 files restored, when it came between the
   * two.
   */
  @Transactional
  public RecoveryRun startWithNewest(RunKind kind, String destination, Phase phase) {
    RecoveryRun run = start(kind, destination, phase);
    queueNewest(run.id());
    return run;
  }

  /** Starts a run in the given phase. */
  @Transactional
  public RecoveryRun start(RunKind kind, String destination, Phase phase) {
    RecoveryRun run = new RecoveryRun(kind, destination, phase);
    em.persist(run);
    em.flush();
    return run;
  }

  /** Moves a run to its next phase. */
  @Transactional
  public void phase(long runId, Phase phase) {
    RecoveryRun run = em.find(RecoveryRun.class, runId);
    if (run != null) {
      run.phase(phase);
    }
  }

  /**
   * Puts the newest version of every path in the FileMap into the run, as pending files. One
   * statement: JPA has no INSERT ... SELECT, and a run may take hundreds of thousands of files.
   *
   * @return the files queued
   */
  @Transactional
  public long queueNewest(long runId) {
    return em.createNativeQuery(
            "INSERT INTO recovery_file (run_id, file_entry_id, state, size)"
                + " SELECT ?1, e.id, ?2, e.size FROM file_entry e"
                + " WHERE e.version = (SELECT MAX(o.version) FROM file_entry o"
                + " WHERE o.path = e.path)"
                + " ON CONFLICT DO NOTHING")
        .setParameter(1, runId)
        .setParameter(2, FileState.PENDING.wire())
        .executeUpdate();
  }

  /** FileMap entry ids of the run's files in the given state, at most {@code limit}, in order. */
  @Transactional
  public List<Long> files(long runId, FileState state, int limit) {
    return em.createQuery(
            "SELECT f.fileEntryId FROM RecoveryFile f WHERE f.runId = :run AND f.state = :state"
                + " ORDER BY f.fileEntryId",
            Long.class)
        .setParameter("run", runId)
        .setParameter("state", state.wire())
        .setMaxResults(limit)
        .getResultList();
  }

  /** Moves waiting files of the run back to pending, to be tried again. */
  @Transactional
  public long retryWaiting(long runId) {
    // One statement for all of them: a run may wait for thousands of files.
    return em.createNativeQuery(
            "UPDATE recovery_file SET state = ?1, updated_at = now()"
                + " WHERE run_id = ?2 AND state = ?3")
        .setParameter(1, FileState.PENDING.wire())
        .setParameter(2, runId)
        .setParameter(3, FileState.WAITING.wire())
        .executeUpdate();
  }

  /** Records the outcome of one file. */
  @Transactional
  public void mark(long runId, long fileEntryId, FileState state, String detail) {
    RecoveryFile file = em.find(RecoveryFile.class, new RecoveryFile.Key(runId, fileEntryId));
    if (file != null) {
      file.mark(state, detail);
    }
  }

  /** How many files (and bytes) of the run are in each state. */
  @Transactional
  public Counts counts(long runId) {
    Map<FileState, Long> files = new EnumMap<>(FileState.class);
    Map<FileState, Long> bytes = new EnumMap<>(FileState.class);
    List<Object[]> rows =
        em.createQuery(
                "SELECT f.state, COUNT(f.fileEntryId), COALESCE(SUM(f.size), 0) FROM RecoveryFile f"
                    + " WHERE f.runId = :run GROUP BY f.state",
                Object[].class)
            .setParameter("run", runId)
            .getResultList();
    for (Object[] row : rows) {
      FileState state = FileState.of((String) row[0]);
      files.put(state, ((Number) row[1]).longValue());
      bytes.put(state, ((Number) row[2]).longValue());
    }
    return new Counts(files, bytes);
  }

  /** Files of the run that could not be recovered (yet), with why; at most {@code limit}. */
  @Transactional
  public List<Open> problems(long runId, int limit) {
    return em.createQuery(
            "SELECT e.path, f.state, f.detail FROM RecoveryFile f, FileEntry e"
                + " WHERE e.id = f.fileEntryId AND f.runId = :run AND f.state IN :open"
                + " ORDER BY e.path",
            Object[].class)
        .setParameter("run", runId)
        .setParameter(
            "open",
            List.of(FileState.WAITING.wire(), FileState.CONFLICT.wire(), FileState.FAILED.wire()))
        .setMaxResults(limit)
        .getResultStream()
        .map(row -> new Open((String) row[0], FileState.of((String) row[1]), (String) row[2]))
        .toList();
  }
}
