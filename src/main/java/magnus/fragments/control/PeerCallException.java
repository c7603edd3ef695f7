package magnus.fragments.control;

import java.util.OptionalInt;

/**
 * A call to another peer that failed: the peer could not be reached, did not answer in time, or
 * answered with an error. Names the peer, the HTTP status when there was an answer, and a one-line
 * reason (the peer's own problem detail when it sent one).
 */
public class PeerCallException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String peerUrl;
  private final int status;
  private final String reason;

  /**
   * @param status the HTTP status the peer answered with, or 0 when there was no answer
   */
  public PeerCallException(String peerUrl, int status, String reason, Throwable cause) {
    super(peerUrl + ": " + (status > 0 ? "HTTP " + status + ": " : "") + reason, cause);
    this.peerUrl = peerUrl;
    this.status = status;
    this.reason = reason;
  }

  /** The base URL of the peer that was called. */
  public String peerUrl() {
    return peerUrl;
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
