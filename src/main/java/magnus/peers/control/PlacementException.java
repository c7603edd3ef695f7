package magnus.peers.control;

/** Not enough live peers with room for a file's fragments; the message names the numbers. */
public class PlacementException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PlacementException(String message) {
    super(message);
  }
}
