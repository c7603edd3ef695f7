package magnus.recovery.entity;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/**
 * One file of a recovery run: the FileMap entry (the newest version of a path) and its state. Rows
 * are put in by {@code queueNewest} in one statement per run, and change one by one as files end.
 *
 * <p>Not kept in the shared cache: rows are put in and moved back to pending by native statements,
 * which the cache would not see, and a file marked with the state the cache still had would then
 * not be written at all.
 */
@Entity
@Cacheable(false)
@Table(name = "recovery_file")
@IdClass(RecoveryFile.Key.class)
public class RecoveryFile {

  /** The primary key: (run, FileMap entry). */
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;

    private long runId;
    private long fileEntryId;

    public Key() {}

    public Key(long runId, long fileEntryId) {
      this.runId = runId;
      this.fileEntryId = fileEntryId;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.runId == runId && k.fileEntryId == fileEntryId;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(runId) * 31 + Long.hashCode(fileEntryId);
    }
  }

  @Id
  @Column(name = "run_id")
  private long runId;

  @Id
  @Column(name = "file_entry_id")
  private long fileEntryId;

  /** {@link FileState#wire}: the migration's CHECK constraint holds these words. */
  @Column(nullable = false)
  private String state;

  @Column(nullable = false)
  private long size;

  private String detail;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected RecoveryFile() {}

  public long fileEntryId() {
    return fileEntryId;
  }

  public FileState state() {
    return FileState.of(state);
  }

  public String detail() {
    return detail;
  }

  /** Records the file's outcome. */
  public void mark(FileState next, String why) {
    this.state = next.wire();
    this.detail = why;
    this.updatedAt = Instant.now();
  }
}
