package magnus.recovery.control;

/** A file could not be restored; nothing was written at the destination. */
public class RestoreException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a restore failed, for callers that act on it. */
  public enum Reason {
    /**
     * Fewer than k fragments can be had intact now: holders are away, slow or hold bad bytes. May
     * succeed later, when peers are back.
     */
    NOT_ENOUGH_FRAGMENTS,
    /** The destination cannot be written, or is a directory. */
    DESTINATION,
    /** Every fragment checked out but the rebuilt file's SHA-256 is not the recorded one. */
    WRONG_ENTRY
  }

  private final Reason reason;

  public RestoreException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
