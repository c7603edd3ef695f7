package magnus.peers.control;

import java.util.Collection;
import java.util.List;
import java.util.Random;
import magnus.peers.entity.PeerDescriptor;

/** Chooses the peers that hold a file's fragments. Outline: filled in with the Peer Manager. */
public final class Placement {

  private Placement() {}

  /**
   * Chooses n distinct peers for the n fragments of a file: never the owner, each with at least
   * {@code fragmentBytes} free, spread over failure domains as evenly as possible, at random within
   * a domain.
   *
   * @return n peers; element i holds fragment i
   * @throws PlacementException when fewer than n peers qualify; its message names both numbers
   */
  public static List<PeerDescriptor> place(
      int n, long fragmentBytes, String ownerId, Collection<PeerDescriptor> live, Random random) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * Chooses one more peer, for a fragment whose first holder failed: not the owner, none of {@code
   * taken}, with room, preferring a failure domain that {@code taken} uses least.
   */
  public static PeerDescriptor replacement(
      long fragmentBytes,
      String ownerId,
      Collection<PeerDescriptor> taken,
      Collection<PeerDescriptor> live,
      Random random) {
    throw new UnsupportedOperationException("not yet");
  }
}
