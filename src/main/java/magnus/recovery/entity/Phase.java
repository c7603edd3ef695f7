package magnus.recovery.entity;

import java.util.Locale;

/** Where a recovery run is. */
public enum Phase {
  /** The FileMap is read back from the holders (whole-host recovery only). */
  REBUILDING,
  /** Files are restored. */
  RESTORING,
  /** Every file is done, conflicting or failed. */
  DONE;

  /** As stored and as the API answers it. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The phase stored as {@code wire}. */
  public static Phase of(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
