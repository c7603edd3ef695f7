package magnus.cli.control;

/**
 * Talking to the peer went wrong: it could not be reached, it refused the request, or its answer
 * was not what the client API promises. The message is one line for the operator, without a stack
 * trace.
 */
public final class PeerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong; each kind has its own exit code. */
  public enum Kind {
    /** No connection, or the connection was lost before the answer was complete. */
    UNREACHABLE,
    /** The peer answered with an HTTP error (problem+json). */
    REFUSED,
    /** The peer's answer does not follow the client API. */
    MALFORMED
  }

  private final Kind kind;
  private final int status;

  private PeerException(Kind kind, int status, String message) {
    super(message);
    this.kind = kind;
    this.status = status;
  }

  public static PeerException unreachable(String message) {
    return new PeerException(Kind.UNREACHABLE, 0, message);
  }

  public static PeerException refused(int status, String message) {
    return new PeerException(Kind.REFUSED, status, message);
  }

  public static PeerException malformed(String message) {
    return new PeerException(Kind.MALFORMED, 0, message);
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status of a {@link Kind#REFUSED} request, 0 otherwise. */
  public int status() {
    return status;
  }
}
