package magnus.fragments.control;

import java.util.OptionalInt;

/**
 * A call to another peer that failed: the peer could not be reached, did not answer in time, or
 * answered with an error. Names the peer, how the call failed ({@link Failure}), the HTTP status
 * when there was an answer, and a one-line reason (the peer's own problem detail when it sent one).
 * Callers act on {@link #failure()}, never on the reason's text.
 */
public class PeerCallException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** How a call to a peer failed. */
  public enum Failure {
    /** The peer answered and refused the call (4xx, or 507 when it has no room). */
    REFUSED,
    /** The peer answered with a failure of its own (5xx but 507). */
    FAILED,
    /** No answer in time: the peer (or the link) is slow or stalled, not known to be wrong. */
    TIMEOUT,
    /** The peer could not be reached: no connection, or the connection broke. */
    UNREACHABLE,
    /** The peer answered something that is not the protocol's answer. */
    BAD_ANSWER,
    /** The call was not sent: this peer found it invalid, or Fault Tolerance did not let it out. */
    NOT_SENT
  }

  private final String peerUrl;
  private final Failure failure;
  private final int status;
  private final String reason;

  /**
   * @param status the HTTP status the peer answered with, or 0 when there was no answer
   */
  public PeerCallException(
      String peerUrl, Failure failure, int status, String reason, Throwable cause) {
    super(peerUrl + ": " + (status > 0 ? "HTTP " + status + ": " : "") + reason, cause);
    this.peerUrl = peerUrl;
    this.failure = failure;
    this.status = status;
    this.reason = reason;
  }

  /** A failure of the peer's own when it answered ({@code status > 0}), else an unreachable one. */
  public PeerCallException(String peerUrl, int status, String reason, Throwable cause) {
    this(peerUrl, status > 0 ? Failure.FAILED : Failure.UNREACHABLE, status, reason, cause);
  }

  /** The base URL of the peer that was called. */
  public String peerUrl() {
    return peerUrl;
  }

  /** How the call failed. */
  public Failure failure() {
    return failure;
  }

  /** Whether the peer gave no answer in time. */
  public boolean timedOut() {
    return failure == Failure.TIMEOUT;
  }

  /** The HTTP status of the peer's answer; empty when it did not answer. */
  public OptionalInt status() {
    return status > 0 ? OptionalInt.of(status) : OptionalInt.empty();
  }

  /** Why the call failed, one line. */
  public String reason() {
    return reason;
  }
}
