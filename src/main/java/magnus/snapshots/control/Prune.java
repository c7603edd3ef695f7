package magnus.snapshots.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import magnus.codec.CodeParameters;
import magnus.filemap.control.Removals;
import magnus.host.control.EventStream;
import magnus.host.control.EventStream.Kind;
import magnus.host.control.Failures;
import magnus.packs.Tree;
import magnus.snapshots.entity.Snapshot;

/**
 * Removes what no snapshot references any more: packs with no live blob are dropped, and packs
 * whose live share has fallen below {@value #REWRITE_BELOW} are rewritten, their live blobs copied
 * into new packs, then dropped.
 *
 * <p>Why nothing is lost at any moment, a SIGKILL included: every step is a transaction of its own,
 * in an order where each one leaves the records whole. The live set is computed from every recorded
 * snapshot before anything is removed, and a prune that cannot read a snapshot's tree removes
 * nothing. A rewritten blob's row moves to its new pack only when that pack is stored on its n
 * holders and recorded; the old pack is dropped after that, and only when none of its live blobs is
 * still in it. A prune cut short leaves old packs whose blobs have all moved (the next prune drops
 * them) or new packs not yet recorded (their fragments are left on the holders; see
 * docs/design.md). A dropped pack's fragments are removed through the FileMap's pending removals,
 * so that a holder offline now is told when it is back.
 *
 * <p>A prune runs alone ({@link Permits}): a backup running meanwhile could reference a blob that
 * the prune has found dead.
 */
@ApplicationScoped
public class Prune {

  static final Logger LOG = Logger.getLogger(Prune.class.getName());

  /**
   * A pack with less than this share of its blob bytes live is rewritten. restic's default keeps up
   * to 5% of the repository unused; per pack, 0.8 rewrites a 16 MiB pack once 3.2 MiB of it is
   * dead: a rewrite costs a fetch of k fragments and a store of n, so it is done when it frees a
   * fifth of a pack or more.
   */
  static final double REWRITE_BELOW = 0.8;

  @Inject SnapshotStore store;
  @Inject PackReader reader;
  @Inject PackUploads uploads;
  @Inject Removals removals;
  @Inject magnus.recovery.control.FileMapRebuild headers;
  @Inject magnus.filemap.control.FileMap fileMap;
  @Inject magnus.peers.control.PeerDirectory directory;
  @Inject magnus.host.control.Identity identity;
  @Inject magnus.host.control.Settings settings;
  @Inject magnus.recovery.control.Recovery recovery;

  /** What a prune does. */
  public enum Mode {
    /** The user's: every dead pack, every sparse pack rewritten, old orphans. */
    FULL,
    /**
     * The schedule's: only dead packs and orphans older than the grace time, no rewrites: what an
     * interrupted run left behind goes without a user's prune, and nothing costly runs unasked.
     */
    SWEEP
  }

  /** The fields of a prune's {@code start}: what it looks at. */
  @jakarta.json.bind.annotation.JsonbPropertyOrder({"snapshots", "packs", "packBytes"})
  public record Start(int snapshots, int packs, long packBytes) {}

  /** The fields of a prune's {@code done}. */
  @jakarta.json.bind.annotation.JsonbPropertyOrder({
    "snapshots",
    "liveBlobs",
    "packsKept",
    "packsRemoved",
    "packsRewritten",
    "packsWritten",
    "orphansRemoved",
    "bytesFreed",
    "removalsPending",
    "seconds"
  })
  public record Pruned(
      int snapshots,
      int liveBlobs,
      int packsKept,
      int packsRemoved,
      int packsRewritten,
      int packsWritten,
      int orphansRemoved,
      long bytesFreed,
      long removalsPending,
      double seconds) {}

  /** Prunes, telling {@code events} how it goes. The caller holds the exclusive permit. */
  public void run(EventStream events) {
    run(events, Mode.FULL);
  }

  /** Prunes in the given mode. The caller holds the exclusive permit. */
  public void run(EventStream events, Mode mode) {
    long started = System.nanoTime();
    java.time.Instant oldEnough = java.time.Instant.now().minus(settings.orphanGrace());
    if (recovery.rebuilding()) {
      events.send(
          Kind.FAILED,
          new SnapshotEvents.Failed(
              "a whole-host recovery is rebuilding this peer's records from the holders, and"
                  + " nothing is removed until it has; prune when it is done (bin/magnus recovery"
                  + " status)"));
      return;
    }
    List<Snapshot> snapshots = store.snapshots();
    Map<String, Long> sizes = store.packSizes();
    long allBytes = sizes.values().stream().mapToLong(Long::longValue).sum();
    events.send(Kind.START, new Start(snapshots.size(), sizes.size(), allBytes));
    try (PackReader.Session session = reader.open(b -> {})) {
      KnownBlobs live;
      try {
        live = liveBlobs(snapshots, session);
      } catch (PackReader.BlobException e) {
        events.send(
            Kind.FAILED,
            new SnapshotEvents.Failed(
                "nothing was removed: "
                    + e.getMessage()
                    + "; prune again when its holders are up"));
        return;
      }
      Set<String> records = new HashSet<>();
      snapshots.forEach(s -> records.add(s.recordPack()));

      // What each pack holds that is live, read one pack's rows at a time (an index scan each):
      // all rows at once cost about 200 bytes of heap per blob.
      List<String> dead = new ArrayList<>();
      List<String> sparse = new ArrayList<>();
      for (String pack : sizes.keySet()) {
        if (records.contains(pack)) {
          continue;
        }
        long total = 0;
        long liveBytes = 0;
        for (SnapshotStore.BlobRow b : store.blobsIn(pack)) {
          total += b.length();
          if (live.contains(b.id())) {
            liveBytes += b.length();
          }
        }
        if (liveBytes == 0) {
          if (mode == Mode.FULL || createdBefore(pack, oldEnough)) {
            dead.add(pack);
          }
        } else if (mode == Mode.FULL && liveBytes < REWRITE_BELOW * total) {
          sparse.add(pack);
        }
      }

      // Progress counts a dropped pack as one byte of work: dropping is a few rows, rewriting is
      // a fetch and a store of the whole pack.
      long work = dead.size();
      for (String p : sparse) {
        work += sizes.get(p);
      }
      long done = 0;
      long freed = 0;
      int removed = 0;
      for (String p : dead) {
        store.dropPack(p);
        removed++;
        freed += sizes.get(p);
        events.progress(++done, work);
      }

      // Rewrites, one batch of new packs per code: a blob keeps the k and n it was stored with.
      Map<CodeParameters, List<String>> byCode = new LinkedHashMap<>();
      for (String p : sparse) {
        store
            .pack(p)
            .ifPresent(pack -> byCode.computeIfAbsent(pack.code(), c -> new ArrayList<>()).add(p));
      }
      List<String> failures = new ArrayList<>();
      int rewritten = 0;
      int written = 0;
      for (Map.Entry<CodeParameters, List<String>> group : byCode.entrySet()) {
        List<String> copied = new ArrayList<>();
        try (PackUploads.Batch batch = uploads.batch(group.getKey())) {
          for (String p : group.getValue()) {
            try {
              session.fetch(p);
              List<String> keep = new ArrayList<>();
              for (SnapshotStore.BlobRow b : store.blobsIn(p)) {
                if (live.contains(b.id())) {
                  keep.add(b.id());
                }
              }
              for (SnapshotStore.Place place : store.places(keep).values()) {
                byte[] bytes = session.blob(place);
                batch.add(place.kind(), place.id(), bytes, 0, bytes.length);
              }
              copied.add(p);
            } catch (PackReader.BlobException e) {
              failures.add(e.getMessage());
            } finally {
              session.release(p);
            }
            done += sizes.get(p);
            events.progress(done, work);
          }
          failures.addAll(batch.finish(() -> {}));
          written += batch.packsStored();
          // The batch is this group's alone: all it stored is new pack bytes, counted once its
          // uploads are done (they finish while the loop above still adds blobs).
          freed -= batch.storedBytes();
        }
        // The old packs go only now, and only those none of whose live blobs is still in them.
        for (String p : copied) {
          boolean moved = true;
          for (SnapshotStore.BlobRow b : store.blobsIn(p)) {
            if (live.contains(b.id())) {
              moved = false;
              break;
            }
          }
          if (moved) {
            store.dropPack(p);
            rewritten++;
            freed += sizes.get(p);
          }
        }
      }
      int orphans = removeOrphans(oldEnough);
      long pending = drain();
      if (!failures.isEmpty()) {
        events.send(
            Kind.FAILED,
            new SnapshotEvents.Failed(
                failures.size()
                    + (failures.size() == 1 ? " pack" : " packs")
                    + " could not be rewritten and were kept whole: "
                    + PackUploads.summary(failures)
                    + "; prune again when their holders are up"));
        return;
      }
      events.send(
          Kind.DONE,
          new Pruned(
              snapshots.size(),
              live.size(),
              sizes.size() - removed - rewritten,
              removed + rewritten,
              rewritten,
              written,
              orphans,
              freed,
              pending,
              (System.nanoTime() - started) / 1e9));
    } catch (IOException | RuntimeException e) {
      LOG.warning(() -> "prune failed: " + Failures.describe(e));
      events.send(
          Kind.FAILED,
          new SnapshotEvents.Failed(
              "the prune stopped: "
                  + Failures.describe(e)
                  + "; what it did is recorded, and a prune again finishes the work"));
    }
  }

  private boolean createdBefore(String pack, java.time.Instant time) {
    return store.pack(pack).map(p -> p.createdAt().isBefore(time)).orElse(false);
  }

  /**
   * Finds the fragments of packs that the holders keep for this owner and no record here names
   * (stored by a run killed before it recorded them), and has them removed once they are older than
   * the grace time. Why a grace time although the caller runs alone: a holder may still be writing
   * a fragment that a killed process sent; and a clock may be off.
   *
   * @return the packs whose fragments were handed to the removals
   */
  int removeOrphans(java.time.Instant oldEnough) {
    // A peer with no pack recorded may have lost its disk a moment ago, before its recovery has
    // noticed: every pack on the holders would look like an orphan. None is removed then.
    if (store.noPack()) {
      return 0;
    }
    String self = identity.peerId();
    List<magnus.peers.entity.PeerDescriptor> holders =
        directory.live().stream().filter(p -> !p.id().equals(self)).toList();
    Map<String, List<magnus.filemap.entity.FragmentLocation>> orphans =
        new java.util.concurrent.ConcurrentHashMap<>();
    Set<String> recorded = store.packSizes().keySet();
    headers.rebuild(
        holders,
        magnus.filemap.entity.OwnerMetadata.PACKS,
        page -> {
          for (magnus.filemap.entity.FoundFragment f : page) {
            String id = f.header().fileId();
            if (!recorded.contains(id) && f.owner().storedAtMillis() < oldEnough.toEpochMilli()) {
              orphans
                  .computeIfAbsent(
                      id, x -> java.util.Collections.synchronizedList(new ArrayList<>()))
                  .add(
                      new magnus.filemap.entity.FragmentLocation(
                          f.header().index(),
                          f.holder(),
                          f.header().length(),
                          f.header().sha256()));
            }
          }
          return page.size();
        });
    for (Map.Entry<String, List<magnus.filemap.entity.FragmentLocation>> e : orphans.entrySet()) {
      fileMap.forgetFound(e.getKey(), 1, List.copyOf(e.getValue()));
    }
    if (!orphans.isEmpty()) {
      LOG.info(
          () ->
              "prune: "
                  + orphans.size()
                  + " packs that no record names are removed from their holders");
    }
    return orphans.size();
  }

  /**
   * Every blob a snapshot references: its trees, and their files' chunks. 32 bytes of heap per blob
   * ({@link KnownBlobs}), and a set of the trees' ids (fewer: one per directory) so that a tree
   * that many snapshots share is read once; a tree read here is not kept in the session.
   */
  KnownBlobs liveBlobs(List<Snapshot> snapshots, PackReader.Session session)
      throws PackReader.BlobException {
    KnownBlobs live = new KnownBlobs(1024);
    Set<String> seen = new HashSet<>();
    Deque<String> trees = new ArrayDeque<>();
    for (Snapshot s : snapshots) {
      trees.push(s.tree());
    }
    while (!trees.isEmpty()) {
      String id = trees.pop();
      if (!seen.add(id)) {
        continue;
      }
      live.addAny(id);
      Tree tree;
      try {
        tree = session.tree(id, false);
      } catch (PackReader.BlobException e) {
        throw new PackReader.BlobException("cannot read tree " + id + ": " + e.getMessage());
      }
      for (Tree.Node node : tree.nodes()) {
        if (node.subtree() != null) {
          trees.push(node.subtree());
        }
        if (node.content() != null) {
          node.content().forEach(live::addAny);
        }
      }
    }
    live.seal();
    return live;
  }

  /**
   * Tells holders to remove what was dropped, while that makes progress; what is left stays pending
   * and is retried by the FileMap's schedule. A drain of the schedule's own may be running (a drain
   * then returns at once): a few short waits let it end before this gives up.
   */
  private long drain() {
    long left = removals.drain();
    for (int still = 0; left > 0 && still < 5; ) {
      long before = left;
      left = removals.drain();
      if (left >= before) {
        still++;
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      } else {
        still = 0;
      }
    }
    return left;
  }
}
