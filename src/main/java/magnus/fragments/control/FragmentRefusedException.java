package magnus.fragments.control;

/**
 * A protocol request this peer refuses or cannot carry out, with the HTTP status it is answered
 * with and a one-line detail that names the problem and the fix. The boundary turns it into an
 * {@code application/problem+json} answer.
 */
public class FragmentRefusedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** 507 Insufficient Storage (WebDAV): JAX-RS has no constant for it. */
  public static final int INSUFFICIENT_STORAGE = 507;

  private final int status;
  private final String title;

  public FragmentRefusedException(int status, String title, String detail) {
    super(detail);
    this.status = status;
    this.title = title;
  }

  public FragmentRefusedException(int status, String title, String detail, Throwable cause) {
    super(detail, cause);
    this.status = status;
    this.title = title;
  }

  /** 400: the request itself is wrong. */
  public static FragmentRefusedException badRequest(String detail) {
    return new FragmentRefusedException(400, "Bad Request", detail);
  }

  /** 404: this peer holds no such fragment. */
  public static FragmentRefusedException notFound(String detail) {
    return new FragmentRefusedException(404, "Not Found", detail);
  }

  /** 507: storing it would exceed the capacity this peer offers. */
  public static FragmentRefusedException insufficientStorage(String detail) {
    return new FragmentRefusedException(INSUFFICIENT_STORAGE, "Insufficient Storage", detail);
  }

  /** 503: this peer cannot take the request yet (starting, reconciling). */
  public static FragmentRefusedException unavailable(String detail) {
    return new FragmentRefusedException(503, "Service Unavailable", detail);
  }

  /** 500: this peer failed (disk, database); the request may succeed later or elsewhere. */
  public static FragmentRefusedException failed(String detail, Throwable cause) {
    return new FragmentRefusedException(500, "Internal Server Error", detail, cause);
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  /** The one-line detail. */
  public String detail() {
    return getMessage();
  }
}
