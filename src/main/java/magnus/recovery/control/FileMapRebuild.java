package magnus.recovery.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import java.util.logging.Logger;
import magnus.filemap.entity.FoundFragment;
import magnus.filemap.entity.OwnerMetadata;
import magnus.fragments.boundary.RemoteFragments;
import magnus.fragments.entity.FragmentHeader;
import magnus.host.control.Identity;
import magnus.peers.entity.PeerDescriptor;

/**
 * Rebuilds this peer's FileMap from what the other peers hold for it: every peer is asked, in
 * pages, for the headers of the fragments it holds for this owner, and each page goes into the
 * FileMap in one batch. All peers are read at once; a peer that fails is skipped (its fragments are
 * picked up on a later rebuild) and does not stop the others.
 */
@ApplicationScoped
public class FileMapRebuild {

  static final Logger LOG = Logger.getLogger(FileMapRebuild.class.getName());

  /** Headers per page: large, because a rebuild must never cost a round trip per file. */
  static final int PAGE = 5000;

  static final long PAGE_SECONDS = 60;

  @Resource ManagedExecutorService executor;
  @Inject RemoteFragments remote;
  @Inject Identity identity;

  /** What a rebuild found. */
  public record Result(int peers, long fragments, long entries, double seconds) {}

  /** The first of the peers that holds any fragment of this owner, if one does. */
  public Optional<PeerDescriptor> anyHolder(List<PeerDescriptor> peers) {
    for (PeerDescriptor p : peers) {
      try {
        RemoteFragments.Page page =
            remote
                .query(p.url(), identity.peerId(), null, 1)
                .toCompletableFuture()
                .get(PAGE_SECONDS, TimeUnit.SECONDS);
        if (!page.fragments().isEmpty()) {
          return Optional.of(p);
        }
      } catch (Exception e) {
        LOG.fine(() -> "cannot ask " + p.url() + " for fragments: " + e.getMessage());
      }
    }
    return Optional.empty();
  }

  /**
   * Reads every peer's headers for this owner and hands them to {@code store} a page at a time.
   *
   * @param peers the peers to ask
   * @param store adds one page to the FileMap and answers how many entries were new
   */
  public Result rebuild(List<PeerDescriptor> peers, ToIntFunction<List<FoundFragment>> store) {
    return rebuild(peers, java.util.EnumSet.of(OwnerMetadata.Kind.FILE), store);
  }

  /**
   * Reads every peer's headers for this owner and hands those of some kinds of object to {@code
   * store} a page at a time: the files' for the FileMap, the packs' ({@link OwnerMetadata#PACKS})
   * for the snapshot component.
   */
  public Result rebuild(
      List<PeerDescriptor> peers,
      java.util.Set<OwnerMetadata.Kind> kinds,
      ToIntFunction<List<FoundFragment>> store) {
    long started = System.nanoTime();
    String owner = identity.peerId();
    long[] fragments = new long[1];
    long[] entries = new long[1];
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (PeerDescriptor peer : peers) {
      all.add(
          CompletableFuture.runAsync(
              () -> {
                String after = null;
                do {
                  RemoteFragments.Page page;
                  try {
                    page =
                        remote
                            .query(peer.url(), owner, after, PAGE)
                            .toCompletableFuture()
                            .get(PAGE_SECONDS, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    LOG.warning(
                        () ->
                            "rebuild: cannot read the fragments held by "
                                + peer.url()
                                + " ("
                                + e.getMessage()
                                + "); they are read on a later attempt");
                    return;
                  }
                  List<FoundFragment> found = new ArrayList<>(page.fragments().size());
                  for (FragmentHeader h : page.fragments()) {
                    try {
                      FoundFragment f = FoundFragment.of(peer.id(), h);
                      // Packs are the snapshot component's: they are no FileMap entries.
                      if (kinds.contains(f.owner().kind())) {
                        found.add(f);
                      }
                    } catch (IllegalArgumentException e) {
                      LOG.warning(() -> "rebuild: " + peer.url() + ": " + e.getMessage());
                    }
                  }
                  if (!found.isEmpty()) {
                    int added = store.applyAsInt(found);
                    synchronized (fragments) {
                      fragments[0] += found.size();
                      entries[0] += added;
                    }
                  }
                  after = page.next();
                } while (after != null);
              },
              executor));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    return new Result(peers.size(), fragments[0], entries[0], (System.nanoTime() - started) / 1e9);
  }
}
