package magnus.fragments.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import magnus.fragments.control.FragmentException;
import magnus.fragments.control.FragmentHeaders;
import magnus.fragments.control.PeerCallException;
import magnus.fragments.control.PeerCallException.Failure;
import magnus.fragments.control.PeerRefusedException;
import magnus.fragments.entity.FragmentHeader;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * The client side of the peer protocol: the paper's Peer interface on a remote peer. Every call is
 * asynchronous and streams its body. Every failure completes the stage with a {@link
 * PeerCallException} (a {@link PeerRefusedException} when the peer answered 4xx or 507); {@code
 * join()} wraps it in a CompletionException as usual.
 *
 * <p>Retrieve, remove, query and probe are idempotent and have a time limit and retries
 * (MicroProfile Fault Tolerance, on {@link PeerCalls}; a refusal is not retried). Store has
 * neither: its body streams once. A call that gets no answer in time fails with {@link
 * Failure#TIMEOUT}, never as if the peer had sent something wrong.
 */
@ApplicationScoped
public class RemoteFragments {

  /** A fragment coming back from a holder: its header and its bytes, to be read once and closed. */
  public record Retrieved(FragmentHeader header, InputStream body) {}

  /**
   * One page of a query: headers in id order, and the cursor for the next page (null at the end).
   */
  public record Page(List<FragmentHeader> fragments, String next) {}

  /** What a peer answers to a probe. */
  public record ProbeAnswer(
      String id, String url, String failureDomain, long capacityBytes, long freeBytes) {}

  @Inject PeerCalls calls;

  public RemoteFragments() {}

  /** For use outside a container (tests, tools): no time limits or retries apply. */
  public RemoteFragments(PeerCalls calls) {
    this.calls = calls;
  }

  /**
   * Stores one fragment on the peer; completes when the peer has fsynced and recorded it. The body
   * is streamed and not closed; the header's length and SHA-256 must match it, or the peer refuses
   * it with 400 and keeps nothing.
   */
  public CompletionStage<FragmentHeader> store(
      String peerUrl, FragmentHeader header, InputStream body) {
    return store(peerUrl, header, body, header.length());
  }

  /**
   * The same, for a header that {@link FragmentHeaders#awaitsTrailer awaits its trailer}: {@code
   * body} is the fragment's bytes and then the trailer, {@code bodyLength} bytes in all ({@link
   * FragmentHeaders#trailerLength}).
   */
  public CompletionStage<FragmentHeader> store(
      String peerUrl, FragmentHeader header, InputStream body, long bodyLength) {
    return translated(peerUrl, () -> calls.store(peerUrl, header, body, bodyLength));
  }

  /**
   * Fetches one fragment from the peer. The body streams from the peer: check its SHA-256 against
   * the header while reading it, and close it. Fails with status 404 when the peer does not hold
   * it.
   */
  public CompletionStage<Retrieved> retrieve(
      String peerUrl, String owner, String fileId, int version, int index) {
    return translated(peerUrl, () -> calls.retrieve(peerUrl, owner, fileId, version, index));
  }

  /**
   * Fetches bytes {@code [first, first + length)} of one fragment (a last byte past its end is cut
   * to the end). The header's SHA-256 is the whole fragment's: the caller checks these bytes by
   * what they hold (a chunk by its id).
   */
  public CompletionStage<Retrieved> retrieveRange(
      String peerUrl,
      String owner,
      String fileId,
      int version,
      int index,
      long first,
      long length) {
    return translated(
        peerUrl, () -> calls.retrieveRange(peerUrl, owner, fileId, version, index, first, length));
  }

  /** Tells the peer to drop one fragment; completes also when it held none. */
  public CompletionStage<Void> remove(
      String peerUrl, String owner, String fileId, int version, int index) {
    return translated(peerUrl, () -> calls.remove(peerUrl, owner, fileId, version, index));
  }

  /** One page of the headers the peer holds for an owner, after a cursor (null: from the start). */
  public CompletionStage<Page> query(String peerUrl, String owner, String after, int limit) {
    return translated(peerUrl, () -> calls.query(peerUrl, owner, after, limit));
  }

  /** Liveness and what the peer offers. */
  public CompletionStage<ProbeAnswer> probe(String peerUrl) {
    return translated(peerUrl, () -> calls.probe(peerUrl));
  }

  private static <T> CompletionStage<T> translated(
      String peerUrl, Supplier<CompletionStage<T>> call) {
    CompletableFuture<T> out = new CompletableFuture<>();
    CompletionStage<T> stage;
    try {
      stage = call.get();
    } catch (RuntimeException e) {
      out.completeExceptionally(asPeerCall(peerUrl, e));
      return out;
    }
    stage.whenComplete(
        (value, failure) -> {
          if (failure == null) {
            out.complete(value);
          } else {
            out.completeExceptionally(asPeerCall(peerUrl, failure));
          }
        });
    return out;
  }

  static Throwable unwrap(Throwable failure) {
    Throwable e = failure;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /**
   * Any failure of a call as a {@link PeerCallException} whose {@link Failure} says what it was.
   */
  static PeerCallException asPeerCall(String peerUrl, Throwable failure) {
    Throwable e = unwrap(failure);
    if (e instanceof PeerCallException call) {
      return call;
    }
    if (e instanceof TimeoutException) {
      return new PeerCallException(
          peerUrl, Failure.TIMEOUT, 0, "no answer in time (" + e.getMessage() + ")", e);
    }
    if (e instanceof HttpConnectTimeoutException) {
      return new PeerCallException(
          peerUrl,
          Failure.TIMEOUT,
          0,
          "did not connect within " + PeerCalls.CONNECT.toSeconds() + " s",
          e);
    }
    if (e instanceof HttpTimeoutException) {
      return new PeerCallException(peerUrl, Failure.TIMEOUT, 0, "no answer in time", e);
    }
    if (e instanceof FaultToleranceException) {
      return new PeerCallException(peerUrl, Failure.NOT_SENT, 0, "call not made: " + e, e);
    }
    if (e instanceof FragmentException bad) {
      return new PeerRefusedException(peerUrl, 0, "not sent: " + bad.detail());
    }
    if (e instanceof IOException) {
      return new PeerCallException(
          peerUrl, Failure.UNREACHABLE, 0, "cannot reach the peer: " + e, e);
    }
    return new PeerCallException(peerUrl, Failure.FAILED, 0, "the call failed: " + e, e);
  }
}
