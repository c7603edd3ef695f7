package magnus.snapshots.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.stream.Stream;
import magnus.codec.CodeParameters;
import magnus.filemap.entity.FoundFragment;
import magnus.filemap.entity.FragmentLocation;
import magnus.filemap.entity.OwnerMetadata;
import magnus.fragments.entity.FragmentHeader;
import magnus.host.control.EventStream;
import magnus.host.control.Failures;
import magnus.packs.PackIndex;
import magnus.packs.SnapshotRecord;
import magnus.recovery.control.FileMapRebuild;
import magnus.recovery.control.LostDisk;
import magnus.snapshots.entity.Pack;
import magnus.snapshots.entity.Snapshot;

/**
 * The snapshots' part of a whole-host recovery, from the host secret alone: the packs are found by
 * the headers of their fragments on the holders, each pack's index is read back from its end (by
 * ranges), the blobs recorded, the snapshots read out of their records; then the newest snapshot of
 * every set of paths is restored to its own place.
 *
 * <p>Why each tree is restored beside its place and renamed into it: a recovery stopped part way
 * (the peer killed) runs again from the start, and finds either nothing at the path (restored
 * again, whole) or the whole tree; never a half-restored one that it would take for the user's. A
 * path that exists and is not empty is left alone and logged, as the file recovery does.
 */
@ApplicationScoped
public class SnapshotRecovery {

  static final Logger LOG = Logger.getLogger(SnapshotRecovery.class.getName());

  /** How the staging copy of a tree being recovered is named, beside its place. */
  static final String STAGING = ".magnus-recovering";

  @Inject FileMapRebuild headers;
  @Inject SnapshotStore store;
  @Inject PackReader reader;
  @Inject TreeRestore restores;
  @Inject Permits permits;

  /**
   * How long a recovery waits for holders to come back when packs it cannot read (fewer than k
   * fragments on live holders) may matter ({@link #waitFor}), before it goes on with what it has:
   * the peers of a network that lost power come back over minutes, and a snapshot restored without
   * them would be restored incomplete or not at all.
   */
  static final long WAIT_FOR_HOLDERS_SECONDS = 600;

  private volatile long firstAttemptNanos;

  /** What a rebuild found and did. */
  public record Result(
      int packs, int unreadable, int blobs, int snapshots, int restored, double seconds) {}

  void onLostDisk(@Observes LostDisk lost) {
    // Alone: a prune or the sweep would take the packs not recorded yet for orphans.
    Result r;
    try (Permits.Permit permit = permits.exclusive(Permits.Work.RECOVERY)) {
      r = recover(lost);
    } catch (Permits.BusyException e) {
      throw new IllegalStateException(
          "the snapshots wait for the packs to be free: " + e.getMessage(), e);
    }
    Result done = r;
    LOG.info(
        () ->
            "recovery: snapshots: "
                + done.packs()
                + " packs found ("
                + done.unreadable()
                + " unreadable), "
                + done.blobs()
                + " blobs, "
                + done.snapshots()
                + " snapshots; "
                + done.restored()
                + " trees restored to their places in "
                + String.format(java.util.Locale.ROOT, "%.1f", done.seconds())
                + " s");
  }

  /** Rebuilds the records from the holders, then restores the newest snapshot of every paths. */
  public Result recover(LostDisk lost) {
    long started = System.nanoTime();
    Map<String, List<FoundFragment>> byPack = new ConcurrentHashMap<>();
    headers.rebuild(
        lost.holders(),
        OwnerMetadata.PACKS,
        page -> {
          for (FoundFragment f : page) {
            byPack.computeIfAbsent(f.header().fileId(), id -> new ArrayList<>()).add(f);
          }
          return page.size();
        });
    if (firstAttemptNanos == 0) {
      firstAttemptNanos = System.nanoTime();
    }
    List<String> lacking = new ArrayList<>();
    for (Map.Entry<String, List<FoundFragment>> e : byPack.entrySet()) {
      if (fragmentsOf(e.getValue()) < e.getValue().get(0).header().k()) {
        lacking.add(e.getKey());
      }
    }
    int unreadable = 0;
    int blobs = 0;
    // The packs with the most fragments first: a blob in two packs is recorded in the first
    // (SnapshotStore.recordFoundBlobs), and the other, left with no blob, goes at the next prune.
    List<Map.Entry<String, List<FoundFragment>>> packs = new ArrayList<>(byPack.entrySet());
    packs.sort(
        Comparator.comparingLong(
                (Map.Entry<String, List<FoundFragment>> e) -> fragmentsOf(e.getValue()))
            .reversed()
            .thenComparing(Map.Entry::getKey));
    try (PackReader.Session session = reader.open(b -> {})) {
      for (Map.Entry<String, List<FoundFragment>> e : packs) {
        Pack pack = pack(e.getKey(), e.getValue());
        if (pack == null) {
          unreadable++;
          continue;
        }
        store.recordFound(pack);
        if (!store.blobsIn(pack.id()).isEmpty()) {
          continue; // its index was read by an earlier attempt
        }
        PackIndex index;
        try {
          index = session.index(pack);
        } catch (PackReader.BlobException x) {
          unreadable++;
          LOG.warning(() -> "recovery: snapshots: " + x.getMessage());
          // Not left recorded without its blobs: a prune would take it for a dead pack.
          store.dropFound(pack.id());
          continue;
        } finally {
          session.release(pack.id());
        }
        store.recordFoundBlobs(pack.id(), index.entries());
        blobs += index.entries().size();
      }
      // Every snapshot record recorded, this attempt's and an earlier one's (killed part way).
      List<SnapshotStore.Place> records = store.placesOfKind(PackIndex.Kind.SNAPSHOT);
      int snapshots = 0;
      List<SnapshotRecord> found = new ArrayList<>();
      Map<String, String> recordPack = new LinkedHashMap<>();
      for (SnapshotStore.Place place : records) {
        try {
          SnapshotRecord r = SnapshotRecord.parse(session.blob(place));
          found.add(r);
          recordPack.put(r.id(), place.packId());
        } catch (PackReader.BlobException | IllegalArgumentException x) {
          LOG.warning(() -> "recovery: snapshots: a snapshot record: " + x.getMessage());
        }
      }
      // Oldest first, so that a parent is recorded before its child names it.
      found.sort(Comparator.comparing(SnapshotRecord::time));
      Set<String> recorded = new HashSet<>();
      int leftOut = 0;
      for (SnapshotRecord r : found) {
        if (store.hasSnapshot(r.id())) {
          recorded.add(r.id());
          continue;
        }
        if (!store.hasBlob(r.tree())) {
          LOG.warning(
              () ->
                  "recovery: snapshots: snapshot "
                      + r.id()
                      + " of "
                      + r.paths()
                      + " is left out: its tree is in no pack found");
          leftOut++;
          continue;
        }
        store.recordSnapshot(
            new Snapshot(
                r.id(),
                Instant.parse(r.time()),
                r.paths(),
                r.tree(),
                r.parent() != null && recorded.contains(r.parent()) ? r.parent() : null,
                recordPack.get(r.id()),
                0,
                0,
                0,
                0));
        recorded.add(r.id());
        snapshots++;
      }
      String wait =
          waitFor(
              lacking.stream().map(id -> byPack.get(id).get(0).owner().kind()).toList(),
              leftOut,
              () -> {
                KnownBlobs held = store.blobIds();
                return missingBlob(
                    store.snapshots().stream().map(Snapshot::tree).toList(),
                    held::contains,
                    session::tree);
              });
      long waited = (System.nanoTime() - firstAttemptNanos) / 1_000_000_000L;
      if (wait != null) {
        if (waited < WAIT_FOR_HOLDERS_SECONDS) {
          throw new IllegalStateException(
              wait
                  + "; waiting for more peers ("
                  + waited
                  + " s of at most "
                  + WAIT_FOR_HOLDERS_SECONDS
                  + " s)");
        }
        LOG.warning(
            () ->
                "recovery: snapshots: "
                    + wait
                    + "; waited "
                    + waited
                    + " s for more peers, going on with what the live holders have");
      } else if (!lacking.isEmpty()) {
        LOG.info(
            () ->
                "recovery: snapshots: "
                    + lacking.size()
                    + " packs have fewer than k fragments on the live holders, and none holds a"
                    + " snapshot's record or a blob that the snapshots found need: packs of an"
                    + " interrupted run, left for the sweep");
      }
      int restored = restoreNewest();
      return new Result(
          byPack.size(),
          unreadable,
          blobs,
          snapshots,
          restored,
          (System.nanoTime() - started) / 1e9);
    } catch (IOException e) {
      throw new IllegalStateException("cannot open a spool: " + Failures.describe(e), e);
    }
  }

  /** Distinct fragments of one pack found on the live holders. */
  static long fragmentsOf(List<FoundFragment> found) {
    return found.stream().map(f -> f.header().index()).distinct().count();
  }

  /**
   * Why the recovery should wait for more holders before it restores, or null when it need not.
   *
   * <p>A pack with fewer than k fragments on the live holders cannot be read now. Waiting for the
   * holders that are down is worth it only when it could matter: when the pack may hold a
   * snapshot's record (a snapshot this recovery cannot otherwise know of), or when a snapshot found
   * needs a blob that no pack read holds (its tree is in no pack read, cannot be walked, or names a
   * chunk that is missing). Otherwise the pack is what an interrupted run left (a backup killed
   * while its packs were on their way): no snapshot names it, and waiting for it held a recovery
   * ten minutes for nothing.
   *
   * @param lacking the kinds of the packs with fewer than k fragments on the live holders
   * @param leftOut snapshot records found whose tree is in no pack read
   * @param missing the first blob the snapshots found need and no pack read holds, in a sentence,
   *     or null; asked only when the rest does not decide, since it walks every tree
   */
  static String waitFor(
      List<OwnerMetadata.Kind> lacking, int leftOut, java.util.function.Supplier<String> missing) {
    if (lacking.isEmpty()) {
      return null;
    }
    long records = lacking.stream().filter(k -> k != OwnerMetadata.Kind.PACK).count();
    String packs =
        (lacking.size() == 1 ? "1 pack has" : lacking.size() + " packs have")
            + " fewer than k fragments on the live holders";
    if (records > 0) {
      return packs
          + ", and "
          + (lacking.size() == 1 ? "it" : records == 1 ? "one of them" : records + " of them")
          + " may hold a snapshot's record";
    }
    if (leftOut > 0) {
      return packs
          + ", and "
          + (leftOut == 1
              ? "a snapshot found has its tree"
              : leftOut + " snapshots found have their trees")
          + " in none of the packs read";
    }
    String blob = missing.get();
    return blob == null ? null : packs + ", and " + blob;
  }

  /**
   * The first blob that a snapshot needs and no pack read holds, in a sentence; null when every
   * tree and chunk of the snapshots is held. Walks each tree once, however many snapshots share it.
   *
   * @param roots the snapshots' root trees
   * @param held whether a blob is recorded in a pack read
   * @param trees reads a tree that is held
   */
  static String missingBlob(
      List<String> roots, java.util.function.Predicate<String> held, TreeSource trees) {
    Set<String> seen = new HashSet<>();
    java.util.Deque<String> todo = new java.util.ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      String id = todo.pop();
      if (!seen.add(id)) {
        continue;
      }
      if (!held.test(id)) {
        return "a snapshot's tree " + id + " is in none of the packs read";
      }
      magnus.packs.Tree tree;
      try {
        tree = trees.tree(id);
      } catch (PackReader.BlobException e) {
        return "a snapshot's tree " + id + " cannot be read: " + e.getMessage();
      }
      for (magnus.packs.Tree.Node node : tree.nodes()) {
        if (node.subtree() != null) {
          todo.push(node.subtree());
        }
        for (String chunk : node.content() == null ? List.<String>of() : node.content()) {
          if (!held.test(chunk)) {
            return "chunk " + chunk + " of " + node.name() + " is in none of the packs read";
          }
        }
      }
    }
    return null;
  }

  /** Reads trees by id: a reading session's, or a test's. */
  interface TreeSource {
    magnus.packs.Tree tree(String id) throws PackReader.BlobException;
  }

  /** The pack the headers of its fragments describe; null when they disagree. */
  Pack pack(String id, List<FoundFragment> found) {
    FragmentHeader first = found.get(0).header();
    OwnerMetadata owner = found.get(0).owner();
    Map<Integer, FragmentLocation> fragments = new LinkedHashMap<>();
    for (FoundFragment f : found) {
      FragmentHeader h = f.header();
      if (h.k() != first.k()
          || h.n() != first.n()
          || h.fileSize() != first.fileSize()
          || h.segmentSize() != first.segmentSize()
          || !f.owner().sha256().equals(owner.sha256())) {
        LOG.warning(
            () -> "recovery: snapshots: the fragments of pack " + id + " disagree; left out");
        return null;
      }
      fragments.putIfAbsent(
          h.index(), new FragmentLocation(h.index(), f.holder(), h.length(), h.sha256()));
    }
    if (fragments.size() < first.k()) {
      LOG.warning(
          () ->
              "recovery: snapshots: pack "
                  + id
                  + " has "
                  + fragments.size()
                  + " fragments on live holders, and needs "
                  + first.k()
                  + "; left out");
      return null;
    }
    return new Pack(
        id,
        new CodeParameters(first.k(), first.n()),
        first.fileSize(),
        owner.sha256(),
        first.segmentSize(),
        Instant.ofEpochMilli(owner.storedAtMillis()),
        List.copyOf(fragments.values()));
  }

  /**
   * Restores the newest snapshot of every set of paths, each path to its own place, newest sets
   * first: a path two sets hold comes from the newer.
   *
   * @return the paths restored
   */
  int restoreNewest() {
    Set<String> sets = new HashSet<>();
    int restored = 0;
    for (Snapshot s : store.snapshots()) {
      if (!sets.add(String.join("\n", s.paths()))) {
        continue;
      }
      for (String p : s.paths()) {
        if (restore(s, Path.of(p))) {
          restored++;
        }
      }
    }
    return restored;
  }

  private boolean restore(Snapshot s, Path path) {
    Path parent = path.getParent();
    try {
      if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !emptyDirectory(path)) {
        LOG.warning(
            () ->
                "recovery: snapshots: "
                    + path
                    + " exists; left alone (snapshot "
                    + s.id()
                    + " holds it: bin/magnus restore --snapshot "
                    + s.id()
                    + " "
                    + path
                    + " --to ANOTHER_PATH)");
        return false;
      }
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Path staging =
          (parent == null ? Path.of("/") : parent).resolve("." + path.getFileName() + STAGING);
      delete(staging);
      LastEvent last = new LastEvent();
      restores.run(s, path, staging, new EventStream(last));
      if (!finishedWhole(last.line())) {
        String why = last.line();
        LOG.warning(() -> "recovery: snapshots: " + path + " not restored: " + why);
        delete(staging);
        return false;
      }
      Files.move(
          staging, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      // The rename is durable once the directory that holds it is.
      TreeRestore.fsyncDirectory(path.getParent() == null ? Path.of("/") : path.getParent());
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.warning(() -> "recovery: snapshots: " + path + " not restored: " + Failures.describe(e));
      return false;
    }
  }

  /** Whether a restore's last event is its end with nothing failed. */
  static boolean finishedWhole(String line) {
    try (jakarta.json.JsonReader r =
        jakarta.json.Json.createReader(new java.io.StringReader(line))) {
      jakarta.json.JsonObject o = r.readObject();
      return "done".equals(o.getString("event", "")) && o.getInt("failed", -1) == 0;
    } catch (RuntimeException e) {
      return false;
    }
  }

  static boolean emptyDirectory(Path p) throws IOException {
    if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(p)) {
      return entries.findAny().isEmpty();
    }
  }

  static void delete(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Keeps only the last line an event stream writes. */
  static final class LastEvent extends OutputStream {
    private final java.io.ByteArrayOutputStream current = new java.io.ByteArrayOutputStream();
    private String last = "";

    @Override
    public void write(int b) {
      if (b == '\n') {
        last = current.toString(StandardCharsets.UTF_8);
        current.reset();
      } else {
        current.write(b);
      }
    }

    String line() {
      return last;
    }
  }
}
