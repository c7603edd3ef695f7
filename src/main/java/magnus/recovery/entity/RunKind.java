package magnus.recovery.entity;

import java.util.Locale;

/** What a recovery run restores, and where. */
public enum RunKind {
  /** After the loss of the disk: every file back to its own path, started by the peer itself. */
  HOST,
  /** On request: every file into another directory, the originals left alone. */
  DRILL;

  /** As stored and as the API answers it. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind stored as {@code wire}. */
  public static RunKind of(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
