package magnus.peers.control;

/**
 * Not enough live peers with room for a file's fragments. The message names the numbers for people;
 * {@link #needed()} and {@link #available()} give them to callers, which need not read the message.
 */
public class PlacementException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int needed;
  private final int available;

  public PlacementException(String message, int needed, int available) {
    super(message);
    this.needed = needed;
    this.available = available;
  }

  /** How many more peers with room the placement needed. */
  public int needed() {
    return needed;
  }

  /** How many of them there were. */
  public int available() {
    return available;
  }
}
