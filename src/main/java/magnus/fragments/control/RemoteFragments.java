package magnus.fragments.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.util.concurrent.CompletionStage;
import magnus.fragments.entity.FragmentHeader;

/**
 * The client side of the peer protocol: the paper's Peer interface on a remote peer. Every call is
 * asynchronous and streams its body. Outline: filled in with the protocol.
 */
@ApplicationScoped
public class RemoteFragments {

  /** A fragment coming back from a holder: its header and its bytes, to be read once and closed. */
  public record Retrieved(FragmentHeader header, InputStream body) {}

  /**
   * One page of a query: headers in id order, and the cursor for the next page (null at the end).
   */
  public record Page(java.util.List<FragmentHeader> fragments, String next) {}

  /** What a peer answers to a probe. */
  public record ProbeAnswer(
      String id, String url, String failureDomain, long capacityBytes, long freeBytes) {}

  /** Stores one fragment on the peer; completes when the peer has fsynced and recorded it. */
  public CompletionStage<FragmentHeader> store(
      String peerUrl, FragmentHeader header, InputStream body) {
    throw new UnsupportedOperationException("not yet");
  }

  /** Fetches one fragment from the peer. */
  public CompletionStage<Retrieved> retrieve(
      String peerUrl, String owner, String fileId, int version, int index) {
    throw new UnsupportedOperationException("not yet");
  }

  /** Tells the peer to drop one fragment; completes also when it held none. */
  public CompletionStage<Void> remove(
      String peerUrl, String owner, String fileId, int version, int index) {
    throw new UnsupportedOperationException("not yet");
  }

  /** One page of the headers the peer holds for an owner, after a cursor (null: from the start). */
  public CompletionStage<Page> query(String peerUrl, String owner, String after, int limit) {
    throw new UnsupportedOperationException("not yet");
  }

  /** Liveness and what the peer offers. */
  public CompletionStage<ProbeAnswer> probe(String peerUrl) {
    throw new UnsupportedOperationException("not yet");
  }
}
