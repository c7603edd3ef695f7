package magnus.recovery.control;

/** A file could not be restored; nothing was written at the destination. */
public class RestoreException extends Exception {
  private static final long serialVersionUID = 1L;

  public RestoreException(String message) {
    super(message);
  }
}
