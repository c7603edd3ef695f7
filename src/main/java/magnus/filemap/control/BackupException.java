package magnus.filemap.control;

import java.util.List;
import magnus.filemap.entity.FragmentLocation;

/**
 * A file could not be backed up. Nothing is recorded for it; the fragments that were stored anyway
 * are listed so that their holders can be told to drop them.
 */
public class BackupException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<FragmentLocation> stored;

  public BackupException(String message, List<FragmentLocation> stored) {
    super(message);
    this.stored = List.copyOf(stored);
  }

  /** Fragments that holders acknowledged before the backup failed. */
  public List<FragmentLocation> stored() {
    return stored;
  }
}
