package magnus.fragments.control;

/**
 * A peer answered and refused the call (4xx, or 507 when it has no room), or this peer refused to
 * send it: repeating the same call cannot help, so it is never retried.
 */
public class PeerRefusedException extends PeerCallException {

  private static final long serialVersionUID = 1L;

  public PeerRefusedException(String peerUrl, int status, String reason) {
    super(peerUrl, status > 0 ? Failure.REFUSED : Failure.NOT_SENT, status, reason, null);
  }
}
