package magnus.recovery.entity;

import java.util.Locale;

/** Where one file of a recovery run is. */
public enum FileState {
  /** To do. */
  PENDING,
  /** Restored, or already there and identical. */
  DONE,
  /** Fewer than k fragments reachable now; tried again while peers come back. */
  WAITING,
  /** A file exists at the destination and differs; it is left alone. */
  CONFLICT,
  /** Another error; the detail says which. */
  FAILED;

  /** As stored and as the API answers it. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The state stored as {@code wire}. */
  public static FileState of(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }

  /** Whether a run is finished with the file (it is not to be tried again). */
  public boolean settled() {
    return this == DONE || this == CONFLICT || this == FAILED;
  }
}
