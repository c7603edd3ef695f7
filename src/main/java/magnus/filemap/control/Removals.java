package magnus.filemap.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import magnus.filemap.entity.PendingRemoval;
import magnus.fragments.boundary.RemoteFragments;
import magnus.host.control.Failures;
import magnus.host.control.Identity;
import magnus.peers.control.PeerDirectory;
import magnus.peers.entity.PeerDescriptor;

/**
 * Tells holders to remove the fragments of deleted files (and of failed backups), and keeps trying
 * for holders that are offline: every pending removal is retried every ten seconds until its holder
 * confirms it ({@link magnus.filemap.boundary.RemovalSchedule}).
 *
 * <p>No transaction spans a drain: it waits on holders, and each confirmation is recorded in a
 * transaction of its own ({@link FileMap}).
 */
@ApplicationScoped
public class Removals {

  static final Logger LOG = Logger.getLogger(Removals.class.getName());
  static final int BATCH = 1000;
  static final long WAIT_SECONDS = 10;

  @Inject FileMap fileMap;
  @Inject RemoteFragments remote;
  @Inject PeerDirectory directory;
  @Inject Identity identity;

  private final AtomicBoolean running = new AtomicBoolean();

  /**
   * Tells the live holders of pending removals to remove their fragments, and waits up to ten
   * seconds for their answers. Holders that are offline are tried again later.
   *
   * @return the removals still pending
   */
  @Transactional(Transactional.TxType.NOT_SUPPORTED)
  public long drain() {
    // NOT_SUPPORTED: a drain waits on holders and records each answer in a transaction of its
    // own; a caller's transaction (an EJB timer may start one) must not span it.
    if (!running.compareAndSet(false, true)) {
      return fileMap.pendingRemovalCount();
    }
    try {
      Map<String, PeerDescriptor> live =
          directory.live().stream()
              .collect(Collectors.toMap(PeerDescriptor::id, Function.identity(), (a, b) -> a));
      List<PendingRemoval> pending = fileMap.pendingRemovals(BATCH);
      Map<PendingRemoval, CompletableFuture<Void>> asked = new LinkedHashMap<>();
      for (PendingRemoval r : pending) {
        PeerDescriptor holder = live.get(r.peerId());
        if (holder != null) {
          CompletableFuture<Void> call;
          try {
            call =
                remote
                    .remove(
                        holder.url(), identity.peerId(), r.fileId(), r.version(), r.fragmentIndex())
                    .toCompletableFuture();
          } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
          }
          asked.put(r, call);
        }
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      for (Map.Entry<PendingRemoval, CompletableFuture<Void>> a : asked.entrySet()) {
        try {
          a.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          fileMap.removed(a.getKey().id());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        } catch (Exception e) {
          String reason = Failures.describe(e);
          fileMap.removalFailed(a.getKey().id(), reason);
          LOG.fine(() -> "removal of " + a.getKey().fileId() + " still pending: " + reason);
        }
      }
      return fileMap.pendingRemovalCount();
    } finally {
      running.set(false);
    }
  }
}
