package magnus.snapshots.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.LongConsumer;
import magnus.fragments.boundary.RemoteFragments;
import magnus.host.control.Failures;
import magnus.host.control.Sha256;
import magnus.packs.PackIndex;
import magnus.packs.Tree;
import magnus.recovery.control.FileRestore;
import magnus.recovery.control.RestoreException;
import magnus.snapshots.entity.Pack;

/**
 * Reads blobs back out of packs. A reading session fetches each pack it needs once, whole, from k
 * of its holders (as a file is restored, every fragment checked against its hash), into a spool
 * file that lives as long as the session; each blob read out of it is checked against its id, a
 * keyed hash of its bytes, before it is used.
 */
@ApplicationScoped
public class PackReader {

  @Inject SnapshotStore store;
  @Inject FileRestore restore;
  @Inject PackUploads uploads;
  @Inject OwnerKeys keys;
  @Inject magnus.fragments.boundary.RemoteFragments remote;
  @Inject magnus.peers.control.PeerDirectory directory;
  @Inject magnus.host.control.Identity identity;

  /**
   * A blob that is at most this share of its pack is read by ranges from the data fragments when
   * the pack is not here yet, not by fetching the whole pack: a 10 KB file in a 16 MiB pack then
   * costs about 10 KB from the holders, not k fragments of 5.6 MiB.
   */
  static final int RANGE_SHARE = 8;

  /** Seconds a holder may take to answer a ranged retrieve before the whole pack is fetched. */
  static final long RANGE_SECONDS = 30;

  /** A blob that cannot be had, and why. */
  public static final class BlobException extends Exception {
    private static final long serialVersionUID = 1L;

    public BlobException(String message) {
      super(message);
    }
  }

  /** Opens a reading session; close it to drop its spooled packs. */
  public Session open(LongConsumer fetched) throws IOException {
    Path dir = Files.createTempDirectory(uploads.spool(), "read-");
    return new Session(dir, fetched);
  }

  /** Fetched packs of one reader. Its trees are read by one thread; its blobs and packs by any. */
  public final class Session implements AutoCloseable {
    private final Path dir;
    private final LongConsumer fetched;
    private final Map<String, FileChannel> packs = new ConcurrentHashMap<>();
    private final Map<String, String> failed = new ConcurrentHashMap<>();
    private final Map<String, Object> fetching = new ConcurrentHashMap<>();
    private final Set<String> released = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    /**
     * Signalled when a fetched pack is released and when the prefetch stops: a prefetch worker that
     * may hold no more packs waits on it.
     */
    private final Object room = new Object();

    private final Map<String, Tree> trees = new HashMap<>();

    Session(Path dir, LongConsumer fetched) {
      this.dir = dir;
      this.fetched = fetched;
    }

    /**
     * Fetches packs before they are read, {@code parallel} at a time, on {@code executor}, and
     * holds at most {@code ahead} fetched packs at once: a worker waits while that many are here
     * and not yet released. A pack released before a worker comes to it is not fetched again.
     *
     * @param fetched told of each pack's bytes once it is here
     * @return a future of why each pack that could not be had failed (empty when all are here)
     */
    public CompletableFuture<Map<String, String>> prefetch(
        List<String> ids, int parallel, int ahead, Executor executor, LongConsumer fetched) {
      // A few workers that take the next pack from one queue: no task waits on a thread for its
      // turn, whatever the number of packs.
      java.util.Queue<String> queue = new java.util.concurrent.ConcurrentLinkedQueue<>(ids);
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (int w = 0; w < Math.max(1, Math.min(parallel, ids.size())); w++) {
        all.add(
            CompletableFuture.runAsync(
                () -> {
                  for (String id; !stopped && (id = queue.poll()) != null; ) {
                    try {
                      synchronized (room) {
                        while (!stopped && packs.size() >= ahead) {
                          room.wait();
                        }
                      }
                      if (stopped) {
                        break;
                      }
                      synchronized (fetching.computeIfAbsent(id, k -> new Object())) {
                        if (!released.contains(id)) {
                          fetchOnce(id);
                        }
                      }
                      fetched.accept(store.pack(id).map(Pack::size).orElse(0L));
                    } catch (BlobException e) {
                      // Kept in failed.
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      break;
                    }
                  }
                },
                executor));
      }
      return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
          .thenApply(done -> Map.copyOf(failed));
    }

    /**
     * Reads the cached trees under a directory in a few queries ({@link TreePrefetch}), for a walk
     * that will read them all; a tree that is not cached is read from its pack when it is asked
     * for.
     */
    public void readAhead(Tree.Node directory) {
      if (directory.type() != Tree.Type.DIR || directory.subtree() == null) {
        return;
      }
      try {
        for (Map.Entry<String, Tree> e :
            TreePrefetch.under(store, directory.subtree(), Long.MAX_VALUE).entrySet()) {
          trees.putIfAbsent(e.getKey(), e.getValue());
        }
      } catch (IllegalArgumentException e) {
        // Each tree is read again when it is asked for, and fails there with its id.
      }
    }

    /** A tree, from the cache or its pack; kept in this session for the next time it is asked. */
    public Tree tree(String id) throws BlobException {
      return tree(id, true);
    }

    /**
     * A tree, from the cache or its pack; kept in this session only with {@code keep}: a walk that
     * reads each tree once (a prune's) need not hold every tree of every snapshot at once.
     */
    public Tree tree(String id, boolean keep) throws BlobException {
      Tree t = trees.get(id);
      if (t != null) {
        return t;
      }
      byte[] bytes = store.cachedTree(id).orElse(null);
      if (bytes == null) {
        SnapshotStore.Place place = store.places(java.util.List.of(id)).get(id);
        if (place == null) {
          throw new BlobException("tree " + id + " is not recorded");
        }
        bytes = blob(place);
        store.cacheTree(id, bytes);
      }
      try {
        t = Tree.parse(bytes);
      } catch (IllegalArgumentException e) {
        throw new BlobException("tree " + id + " cannot be read: " + e.getMessage());
      }
      if (keep) {
        trees.put(id, t);
      }
      return t;
    }

    /**
     * A blob's bytes, checked against its id: read out of its pack when the pack is here, by ranges
     * from the holders of its data fragments when it is small beside the pack, and otherwise (or
     * when a range cannot be had or fails the check) out of the whole pack, fetched.
     */
    public byte[] blob(SnapshotStore.Place place) throws BlobException {
      if (!packs.containsKey(place.packId()) && !failed.containsKey(place.packId())) {
        Pack p = store.pack(place.packId()).orElse(null);
        if (p != null && (long) place.length() * RANGE_SHARE <= p.size()) {
          byte[] bytes = ranged(p, place);
          if (bytes != null) {
            return bytes;
          }
        }
      }
      return blobOfPack(place);
    }

    /**
     * A blob's bytes, checked against its id, read out of its whole pack, which is fetched unless
     * it is here already (or is being fetched: then this waits for it).
     */
    public byte[] blobOfPack(SnapshotStore.Place place) throws BlobException {
      FileChannel pack = pack(place.packId());
      byte[] bytes = new byte[place.length()];
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      try {
        while (buffer.hasRemaining()) {
          int r = pack.read(buffer, place.offset() + buffer.position());
          if (r < 0) {
            throw new BlobException(
                "blob " + place.id() + " lies past the end of pack " + place.packId());
          }
        }
      } catch (IOException e) {
        throw new BlobException("cannot read pack " + place.packId() + ": " + Failures.describe(e));
      }
      String id = keys.keys().id(bytes, 0, bytes.length);
      if (!id.equals(place.id())) {
        throw new BlobException(
            "blob " + place.id() + " of pack " + place.packId() + " fails its check");
      }
      return bytes;
    }

    /** The blob by ranged retrieves of the data fragments; null when that cannot be done. */
    private byte[] ranged(Pack pack, SnapshotStore.Place place) {
      byte[] bytes = rawRanges(pack, place.offset(), place.length());
      return bytes != null && keys.keys().id(bytes, 0, bytes.length).equals(place.id())
          ? bytes
          : null;
    }

    /**
     * Bytes of a pack by ranged retrieves of its data fragments, unchecked; null when a holder is
     * not live or a range cannot be had.
     */
    private byte[] rawRanges(Pack pack, long offset, int length) {
      byte[] bytes = new byte[length];
      try {
        for (magnus.codec.DataRanges.Piece piece :
            magnus.codec.DataRanges.of(
                offset, length, pack.size(), pack.code().k(), pack.segmentSize())) {
          String holder =
              pack.fragments().stream()
                  .filter(f -> f.fragmentIndex() == piece.fragment())
                  .map(magnus.filemap.entity.FragmentLocation::peerId)
                  .findFirst()
                  .orElse(null);
          String url = holder == null ? null : url(holder);
          if (url == null) {
            return null;
          }
          RemoteFragments.Retrieved r =
              remote
                  .retrieveRange(
                      url,
                      identity.peerId(),
                      pack.id(),
                      1,
                      piece.fragment(),
                      piece.fragmentOffset(),
                      piece.length())
                  .toCompletableFuture()
                  .get(RANGE_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
          try (java.io.InputStream in = r.body()) {
            int at = (int) (piece.fileOffset() - offset);
            int n = in.readNBytes(bytes, at, piece.length());
            if (n != piece.length()) {
              return null;
            }
          }
        }
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        return null;
      }
      return bytes;
    }

    /**
     * The index a pack carries at its end, checked against the pack's recorded hash (which is of
     * its index and footer): read by ranges from its data fragments, or out of the whole pack,
     * fetched, when that cannot be done or what the ranges gave fails the check.
     */
    public PackIndex index(Pack pack) throws BlobException {
      if (!packs.containsKey(pack.id()) && pack.size() >= PackIndex.FOOTER) {
        try {
          byte[] footer = rawRanges(pack, pack.size() - PackIndex.FOOTER, PackIndex.FOOTER);
          if (footer != null) {
            int size = PackIndex.size(PackIndex.count(footer));
            byte[] tail = rawRanges(pack, pack.size() - size, size);
            if (tail != null && Sha256.hex(tail).equals(pack.sha256())) {
              return PackIndex.parse(tail, pack.size());
            }
          }
        } catch (IllegalArgumentException e) {
          // Read out of the whole pack below: its fragments' hashes are checked there.
        }
      }
      FileChannel whole = pack(pack.id());
      try {
        long size = whole.size();
        if (size < PackIndex.FOOTER) {
          throw new BlobException("pack " + pack.id() + " is too short to hold an index");
        }
        ByteBuffer footer = ByteBuffer.allocate(PackIndex.FOOTER);
        readFully(whole, footer, size - PackIndex.FOOTER);
        int tailSize = PackIndex.size(PackIndex.count(footer.array()));
        ByteBuffer tail = ByteBuffer.allocate(tailSize);
        readFully(whole, tail, size - tailSize);
        if (!Sha256.hex(tail.array()).equals(pack.sha256())) {
          throw new BlobException(
              "the index of pack " + pack.id() + " fails its check against the pack's hash");
        }
        return PackIndex.parse(tail.array(), size);
      } catch (IOException e) {
        throw new BlobException("cannot read pack " + pack.id() + ": " + Failures.describe(e));
      } catch (IllegalArgumentException e) {
        throw new BlobException("pack " + pack.id() + " has no readable index: " + e.getMessage());
      }
    }

    private void readFully(FileChannel c, ByteBuffer b, long at) throws IOException {
      while (b.hasRemaining()) {
        if (c.read(b, at + b.position()) < 0) {
          throw new IOException("unexpected end of the pack");
        }
      }
    }

    /** Fetches a pack whole now: every blob read out of it next is read from the copy here. */
    public void fetch(String id) throws BlobException {
      pack(id);
    }

    /**
     * Drops the copies of every fetched pack, before the session ends: a restore calls this once it
     * has written everything, so that its spool is freed before the closing syncfs and the answer,
     * not after.
     */
    public void releaseAll() {
      for (String id : List.copyOf(packs.keySet())) {
        release(id);
      }
    }

    /** Drops the copy of a fetched pack, before the session ends. */
    public void release(String id) {
      released.add(id);
      FileChannel c = packs.remove(id);
      if (c == null) {
        return;
      }
      synchronized (room) {
        room.notifyAll();
      }
      try {
        c.close();
        Files.deleteIfExists(dir.resolve(id + ".pack"));
      } catch (IOException e) {
        // Deleted when the session closes, or when the peer starts next.
      }
    }

    private String url(String peerId) {
      for (magnus.peers.entity.PeerDescriptor p : directory.live()) {
        if (p.id().equals(peerId)) {
          return p.url();
        }
      }
      return null;
    }

    private FileChannel pack(String id) throws BlobException {
      FileChannel open = packs.get(id);
      if (open != null) {
        return open;
      }
      // One fetch per pack, however many threads want it at once (a tree restore's writers).
      synchronized (fetching.computeIfAbsent(id, k -> new Object())) {
        return fetchOnce(id);
      }
    }

    private FileChannel fetchOnce(String id) throws BlobException {
      FileChannel open = packs.get(id);
      if (open != null) {
        return open;
      }
      String failure = failed.get(id);
      if (failure != null) {
        throw new BlobException(failure);
      }
      Pack pack =
          store.pack(id).orElseThrow(() -> new BlobException("pack " + id + " is not recorded"));
      Path file = dir.resolve(id + ".pack");
      try {
        // Written durably although it is a working copy (past the page cache, fsynced): through
        // the page cache and unsynced (FileRestore.fetch), a 1 GB snapshot restore measured 74
        // MB/s instead of 105, and a tree of 4,473 small files was no faster (BENCHMARKS.md). On
        // the benchmarks' machine a page of the cache that is new costs far more than a write
        // past the cache: 1 GB took dd 3.8 s into the cache, 0.8 s with O_DIRECT and a sync.
        restore.restore(
            pack.asObject(),
            file,
            new FileRestore.Listener() {
              @Override
              public void progress(long bytes) {}

              @Override
              public void setAside(
                  String peerUrl, int index, FileRestore.SetAside why, String detail) {}
            },
            // Not hashed whole: every blob read out of it is checked against its id.
            false);
        fetched.accept(pack.size());
        open = FileChannel.open(file, StandardOpenOption.READ);
      } catch (RestoreException e) {
        String why = "pack " + id + ": " + e.getMessage();
        failed.put(id, why);
        throw new BlobException(why);
      } catch (IOException e) {
        String why = "pack " + id + ": " + Failures.describe(e);
        failed.put(id, why);
        throw new BlobException(why);
      }
      packs.put(id, open);
      return open;
    }

    /** Stops the workers of {@link #prefetch}: each ends after the pack it is fetching. */
    public void stopPrefetch() {
      stopped = true;
      synchronized (room) {
        room.notifyAll();
      }
    }

    @Override
    public void close() {
      stopPrefetch();
      for (FileChannel c : packs.values()) {
        try {
          c.close();
        } catch (IOException e) {
          // Deleted next.
        }
      }
      try (var files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.deleteIfExists(f);
        }
        Files.deleteIfExists(dir);
      } catch (IOException e) {
        // A spool left behind is removed when the next run of this peer starts.
      }
    }
  }
}
