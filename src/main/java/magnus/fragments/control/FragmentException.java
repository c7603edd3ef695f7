package magnus.fragments.control;

/**
 * Why the FileDatabase refuses or cannot carry out an operation, as a {@link Reason} and a one-line
 * detail that names the problem and the fix. It knows nothing of the wire: the boundary's one
 * exception mapper decides what each reason is answered with.
 */
public class FragmentException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What went wrong, for callers that act on it; the detail says it to people. */
  public enum Reason {
    /** A header, key, trailer, cursor or page size breaks a rule; nothing was done. */
    INVALID,
    /** The body does not match its header: too short, too long, or another SHA-256. */
    MISMATCH,
    /** This peer holds no such fragment. */
    NOT_HELD,
    /** The fragment does not fit in the offered capacity or on the disk. */
    NO_ROOM,
    /** Start-up has not reconciled the files with the rows yet; stores wait for it. */
    NOT_RECONCILED,
    /** This peer failed: its disk or its database. The operation may succeed later. */
    FAILED
  }

  private final Reason reason;

  public FragmentException(Reason reason, String detail, Throwable cause) {
    super(detail, cause);
    this.reason = reason;
  }

  public static FragmentException invalid(String detail) {
    return new FragmentException(Reason.INVALID, detail, null);
  }

  public static FragmentException mismatch(String detail) {
    return new FragmentException(Reason.MISMATCH, detail, null);
  }

  public static FragmentException notHeld(String detail) {
    return new FragmentException(Reason.NOT_HELD, detail, null);
  }

  public static FragmentException noRoom(String detail) {
    return new FragmentException(Reason.NO_ROOM, detail, null);
  }

  public static FragmentException notReconciled(String detail) {
    return new FragmentException(Reason.NOT_RECONCILED, detail, null);
  }

  public static FragmentException failed(String detail, Throwable cause) {
    return new FragmentException(Reason.FAILED, detail, cause);
  }

  public Reason reason() {
    return reason;
  }

  /** The one-line detail. */
  public String detail() {
    return getMessage();
  }
}
