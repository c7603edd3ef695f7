package magnus.snapshots.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import magnus.host.control.EventStream;
import magnus.host.control.EventStream.Kind;
import magnus.host.control.Failures;
import magnus.packs.Tree;
import magnus.snapshots.entity.Snapshot;

/**
 * Restores a file, a link or a whole directory tree of a snapshot, to its own place or another.
 *
 * <p>Every file is written to a temporary file beside its destination and renamed over it once its
 * contents, mode and mtime are set, so that no half-written file ever stands where a user's file
 * should; a directory gets its mode and mtime after everything in it. Files are not fsynced one by
 * one: the restore ends with one {@code syncfs} of the destination's file system ({@code sync -f}),
 * and reports success only after it.
 */
@ApplicationScoped
public class TreeRestore {

  static final Logger LOG = Logger.getLogger(TreeRestore.class.getName());

  /** How the temporary files of a restore end. */
  static final String TEMPORARY = ".magnus-restore";

  /** Chunk places looked up per query. */
  static final int PLACES_PER_QUERY = 5000;

  /** Packs fetched at once. */
  static final int PARALLEL_PACKS = 3;

  /**
   * Packs a one-file restore holds fetched at once, ahead of the file's writing: the spool of a big
   * file's restore stays a few packs, not the file.
   */
  static final int AHEAD_PACKS = 6;

  /**
   * Threads that write files, once every pack is here. Why more than one: a small file costs a
   * handful of system calls (create, write, chmod, utimes, rename) and little else, and one thread
   * left the second core idle while the holders had nothing more to send; two wrote a 4,380-file
   * tree in about half the time (BENCHMARKS.md).
   */
  static final int WRITERS = Math.min(8, Math.max(2, Runtime.getRuntime().availableProcessors()));

  /** Files waiting for a writer, at most: enough to keep every writer busy, and few in memory. */
  static final int WAITING_FILES = 256;

  @Inject PackReader reader;
  @Inject SnapshotStore store;

  @jakarta.annotation.Resource jakarta.enterprise.concurrent.ManagedExecutorService executor;

  /** What a path is in a snapshot. */
  public record Found(Tree.Node node, long files, long bytes) {}

  /**
   * Finds a path in a snapshot.
   *
   * @return the path's node, empty when the snapshot does not hold it
   * @throws PackReader.BlobException when a tree on the way cannot be read
   */
  public Optional<Tree.Node> locate(Snapshot snapshot, Path path) throws PackReader.BlobException {
    try (PackReader.Session session = reader.open(b -> {})) {
      return locate(session, snapshot, path);
    } catch (IOException e) {
      throw new PackReader.BlobException("cannot open a spool: " + Failures.describe(e));
    }
  }

  private Optional<Tree.Node> locate(PackReader.Session session, Snapshot snapshot, Path path)
      throws PackReader.BlobException {
    Tree.Node node =
        new Tree.Node(
            "/",
            Tree.Type.DIR,
            0755,
            Instant.EPOCH.toString(),
            0,
            null,
            null,
            null,
            null,
            null,
            snapshot.tree(),
            null);
    for (int i = 0; i < path.getNameCount(); i++) {
      if (node.type() != Tree.Type.DIR) {
        return Optional.empty();
      }
      String name = path.getName(i).toString();
      Tree tree = session.tree(node.subtree());
      node = tree.nodes().stream().filter(n -> n.name().equals(name)).findFirst().orElse(null);
      if (node == null) {
        return Optional.empty();
      }
    }
    return Optional.of(node);
  }

  /** A directory's entries, in name order. */
  public List<Tree.Node> children(Tree.Node directory) throws PackReader.BlobException {
    try (PackReader.Session session = reader.open(b -> {})) {
      return session.tree(directory.subtree()).nodes();
    } catch (IOException e) {
      throw new PackReader.BlobException("cannot open a spool: " + Failures.describe(e));
    }
  }

  /**
   * Restores {@code path} of {@code snapshot} to {@code destination}, telling {@code events} how it
   * goes. Runs on the thread that writes {@code events}.
   */
  public void run(Snapshot snapshot, Path path, Path destination, EventStream events) {
    long started = System.nanoTime();
    Run run = new Run(events);
    try (PackReader.Session session = reader.open(b -> {})) {
      run.session = session;
      Tree.Node node = locate(session, snapshot, path).orElse(null);
      if (node == null) {
        events.send(
            Kind.FAILED, new SnapshotEvents.Failed(path + " is not in snapshot " + snapshot.id()));
        return;
      }
      session.readAhead(node);
      run.count(node);
      events.send(Kind.START, new SnapshotEvents.Start(run.totalFiles, run.totalBytes));
      run.lookUp();
      long looked = System.nanoTime();
      List<String> packs = run.packs();
      long packBytes = 0;
      for (String id : packs) {
        packBytes += store.pack(id).map(magnus.snapshots.entity.Pack::size).orElse(0L);
      }
      run.totalWork = packBytes + run.totalBytes;
      java.util.function.LongConsumer progress =
          bytes -> events.progress(run.done.addAndGet(bytes), run.totalWork);
      if (node.type() == Tree.Type.FILE) {
        // One file: its packs are fetched while it is written, a few ahead, and each is dropped
        // once the file is past it. Nothing is written where the file goes until it is whole (a
        // temporary file, then a rename), so a restore that cannot have every pack still leaves
        // the destination as it was. Fetched all first, a 1 GB file went to the spool and back
        // before a byte of it was written: 9.8 to 12.1 s, against 3.2 to 3.5 s for the same file
        // backed up and restored as one object (BENCHMARKS.md).
        String missing = run.stream(node, destination, packs, progress);
        if (missing != null) {
          events.send(
              Kind.FAILED,
              new SnapshotEvents.Failed(
                  "a pack it needs cannot be had, so nothing was written: " + missing));
          return;
        }
        session.releaseAll();
        if (run.failed.get() == 0) {
          run.sync(destination);
        }
        run.done(snapshot, started);
        return;
      }
      // A tree. Into a new destination (or an empty directory) it is written into a staging
      // directory beside it while its packs are fetched, and renamed into place once whole: a
      // restore that cannot have every pack deletes the staging directory and leaves the
      // destination as it was. Into a directory that holds anything, every pack is fetched before
      // anything is written, for the same reason. Why stage: fetching the packs and writing the
      // files then overlap; one after the other, a tree of 4,473 small files took 1.08 s to fetch
      // and 0.97 s to write, at once 1.45 s (BENCHMARKS.md).
      boolean staged =
          node.type() == Tree.Type.DIR
              && destination.getParent() != null
              && (!Files.exists(destination, LinkOption.NOFOLLOW_LINKS)
                  || SnapshotRecovery.emptyDirectory(destination));
      java.util.concurrent.CompletableFuture<Map<String, String>> prefetch =
          session.prefetch(
              packs,
              PARALLEL_PACKS,
              Integer.MAX_VALUE,
              executor,
              bytes -> events.progress(run.done.addAndGet(bytes), run.totalWork));
      long packsHere;
      long written;
      String refused;
      if (staged) {
        Path staging = staging(destination);
        run.staged = true;
        try {
          run.restoreAll(node, staging);
        } finally {
          session.stopPrefetch();
          events.relayUntil(prefetch);
        }
        packsHere = System.nanoTime();
        written = packsHere;
        Map<String, String> missing = prefetch.join();
        refused =
            !missing.isEmpty()
                ? missingPacks(missing, packs.size())
                : run.refused == null
                    ? null
                    : "a pack it needs cannot be had, so nothing was written: " + run.refused;
        session.releaseAll();
        // Files that could not be written for another reason (each reported) are missing from
        // the tree, as they would be without staging; only a pack that cannot be had drops it.
        if (refused == null) {
          try {
            run.move(staging, destination);
            fsyncDirectory(destination.getParent());
          } catch (IOException e) {
            refused =
                "cannot put the restored tree at " + destination + ": " + Failures.describe(e);
          }
        }
        if (refused != null) {
          try {
            SnapshotRecovery.delete(staging);
          } catch (IOException | java.io.UncheckedIOException e) {
            LOG.warning(() -> "cannot delete the staging directory " + staging + ": " + e);
          }
        }
      } else {
        events.relayUntil(prefetch);
        Map<String, String> missing = prefetch.join();
        refused = missing.isEmpty() ? null : missingPacks(missing, packs.size());
        packsHere = System.nanoTime();
        if (refused == null) {
          run.restoreAll(node, destination);
        }
        session.releaseAll();
        written = System.nanoTime();
      }
      if (refused != null) {
        events.send(Kind.FAILED, new SnapshotEvents.Failed(refused));
        return;
      }
      if (run.failed.get() == 0) {
        run.sync(destination);
      }
      long synced = System.nanoTime();
      // Where a tree restore's time goes, for the operator and for the benchmarks: the trees and
      // the chunks' places, the packs fetched whole and the files written (at once when staged),
      // the closing syncfs.
      String phases =
          staged
              ? String.format("packs and writing at once %.3f s", (written - looked) / 1e9)
              : String.format(
                  "packs %.3f s, writing %.3f s",
                  (packsHere - looked) / 1e9, (written - packsHere) / 1e9);
      LOG.info(
          () ->
              String.format(
                  "restore of %s from snapshot %s: %d files, %d packs fetched; trees %.3f s, %s,"
                      + " sync %.3f s",
                  path,
                  snapshot.id(),
                  run.files.get(),
                  packs.size(),
                  (looked - started) / 1e9,
                  phases,
                  (synced - written) / 1e9));
      run.done(snapshot, started);
    } catch (IOException | PackReader.BlobException | RuntimeException e) {
      LOG.warning(() -> "restore of " + path + " failed: " + Failures.describe(e));
      events.send(Kind.FAILED, new SnapshotEvents.Failed(Failures.describe(e)));
    }
  }

  /**
   * Why a tree restore wrote nothing: how many of its packs cannot be had, and the first reason.
   */
  private static String missingPacks(Map<String, String> missing, int packs) {
    return missing.size()
        + " of the "
        + packs
        + " packs it needs cannot be had, so nothing was written: "
        + missing.values().iterator().next();
  }

  /** One restore's state. */
  private final class Run {
    final EventStream events;
    final boolean root = "root".equals(System.getProperty("user.name"));
    final Set<String> chunks = new LinkedHashSet<>();
    final Map<String, SnapshotStore.Place> places = new HashMap<>();
    PackReader.Session session;
    long totalFiles;
    long totalBytes;
    long totalWork;
    final java.util.concurrent.atomic.AtomicLong done =
        new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong written =
        new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicInteger files =
        new java.util.concurrent.atomic.AtomicInteger();
    int directories;
    int links;
    final java.util.concurrent.atomic.AtomicInteger failed =
        new java.util.concurrent.atomic.AtomicInteger();

    /** Files for the writers; an entry with a null node tells a writer to stop. */
    final java.util.concurrent.BlockingQueue<Map.Entry<Tree.Node, Path>> waiting =
        new java.util.concurrent.ArrayBlockingQueue<>(WAITING_FILES);

    /** Whether files go to the writers (a tree) or are written by this thread (one file). */
    boolean parallel;

    /**
     * Whether the tree goes to a staging directory, which is dropped whole when a pack cannot be
     * had: a blob that cannot be had then refuses the restore rather than fails one file.
     */
    boolean staged;

    /** In a staged restore, why the first blob could not be had; nothing is kept then. */
    volatile String refused;

    /** The writers, once started. */
    java.util.concurrent.CompletableFuture<Void> all;

    /** Directories whose mode and mtime are set once every file is written, deepest first. */
    final List<Map.Entry<Tree.Node, Path>> unfinished = new ArrayList<>();

    Run(EventStream events) {
      this.events = events;
    }

    /** Tells the client the restore is done, with what it wrote and what it could not. */
    void done(Snapshot snapshot, long started) {
      events.send(
          Kind.DONE,
          new SnapshotEvents.Restored(
              snapshot.id(),
              files.get(),
              directories,
              links,
              written.get(),
              failed.get(),
              (System.nanoTime() - started) / 1e9));
    }

    /** Counts the files and bytes under a node, and gathers their chunks. */
    void count(Tree.Node node) throws PackReader.BlobException {
      switch (node.type()) {
        case FILE -> {
          totalFiles++;
          totalBytes += node.size();
          chunks.addAll(node.content());
        }
        case DIR -> {
          for (Tree.Node n : session.tree(node.subtree()).nodes()) {
            count(n);
          }
        }
        case SYMLINK -> {}
      }
    }

    /** Looks up where every chunk lies, a few thousand per query. */
    void lookUp() throws PackReader.BlobException {
      List<String> batch = new ArrayList<>(PLACES_PER_QUERY);
      for (String id : chunks) {
        batch.add(id);
        if (batch.size() == PLACES_PER_QUERY) {
          places.putAll(store.places(batch));
          batch.clear();
        }
      }
      places.putAll(store.places(batch));
      for (String id : chunks) {
        if (!places.containsKey(id)) {
          throw new PackReader.BlobException(
              "chunk " + id + " is not recorded; the snapshot cannot be restored whole");
        }
      }
    }

    /**
     * The packs to fetch whole, in the order they are first needed: those the restore needs much
     * of. A pack of which it needs only a small share is read by ranges as its chunks come ({@link
     * PackReader.Session#blob}).
     */
    List<String> packs() {
      Map<String, Long> needed = new java.util.LinkedHashMap<>();
      for (String id : chunks) {
        SnapshotStore.Place p = places.get(id);
        needed.merge(p.packId(), (long) p.length(), Long::sum);
      }
      List<String> whole = new ArrayList<>();
      for (Map.Entry<String, Long> e : needed.entrySet()) {
        long size = store.pack(e.getKey()).map(magnus.snapshots.entity.Pack::size).orElse(0L);
        if (e.getValue() * PackReader.RANGE_SHARE > size) {
          whole.add(e.getKey());
        }
      }
      return whole;
    }

    /**
     * Restores {@code node} to {@code to}: this thread walks the tree, makes its directories and
     * links and hands its files to the writers; once they are all written, the directories get
     * their modes and mtimes, each after everything in it.
     */
    void restoreAll(Tree.Node node, Path to) throws IOException, PackReader.BlobException {
      if (node.type() != Tree.Type.DIR) {
        restore(node, to);
        return;
      }
      List<java.util.concurrent.CompletableFuture<Void>> writers = new ArrayList<>();
      for (int i = 0; i < WRITERS; i++) {
        writers.add(java.util.concurrent.CompletableFuture.runAsync(this::write, executor));
      }
      all =
          java.util.concurrent.CompletableFuture.allOf(
              writers.toArray(java.util.concurrent.CompletableFuture[]::new));
      parallel = true;
      try {
        restore(node, to);
      } finally {
        for (int i = 0; i < WRITERS; i++) {
          hand(null, null);
        }
        events.relayUntil(all);
      }
      for (Map.Entry<Tree.Node, Path> d : unfinished) {
        if (refused != null) {
          break; // the staged tree is dropped whole: no mode may keep it from being deleted
        }
        try {
          attributes(d.getKey(), d.getValue());
        } catch (IOException e) {
          problem(
              d.getValue(),
              "cannot set the mode or time of " + d.getValue() + ": " + Failures.describe(e));
          continue;
        }
        directories++;
      }
    }

    /** A writer: writes the files it is handed until it is told to stop. */
    private void write() {
      try {
        for (Map.Entry<Tree.Node, Path> f = waiting.take(); f.getKey() != null; ) {
          try {
            file(f.getKey(), f.getValue());
          } catch (RuntimeException e) {
            problem(f.getValue(), "cannot restore " + f.getValue() + ": " + Failures.describe(e));
          }
          f = waiting.take();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Hands a file to the writers (a null node stops one), relaying their events meanwhile. */
    private void hand(Tree.Node node, Path to) {
      Map.Entry<Tree.Node, Path> entry = new java.util.AbstractMap.SimpleImmutableEntry<>(node, to);
      try {
        while (!waiting.offer(entry, 50, TimeUnit.MILLISECONDS)) {
          events.relayPending();
          if (all.isDone()) {
            throw new IllegalStateException("the restore's writers stopped before its end");
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while handing files to the writers", e);
      }
      events.relayPending();
    }

    void restore(Tree.Node node, Path to) throws IOException, PackReader.BlobException {
      switch (node.type()) {
        case FILE -> {
          if (parallel) {
            hand(node, to);
          } else {
            file(node, to);
          }
        }
        case SYMLINK -> link(node, to);
        case DIR -> directory(node, to);
      }
    }

    void directory(Tree.Node node, Path to) throws IOException, PackReader.BlobException {
      if (!Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
        try {
          Files.createDirectory(to);
        } catch (FileAlreadyExistsException e) {
          problem(to, to + " exists and is not a directory; move it away and restore again");
          return;
        } catch (IOException e) {
          problem(to, "cannot create " + to + ": " + Failures.describe(e));
          return;
        }
      }
      for (Tree.Node n : session.tree(node.subtree()).nodes()) {
        restore(n, to.resolve(n.name()));
      }
      if (node.name().equals("/")) {
        return;
      }
      // After its children in this list, and after every file is written.
      unfinished.add(new java.util.AbstractMap.SimpleImmutableEntry<>(node, to));
    }

    /**
     * Writes one file while its packs ({@code whole}, the ones it needs much of) are fetched ahead,
     * {@link #PARALLEL_PACKS} at a time and at most {@link #AHEAD_PACKS} held; drops each pack once
     * every chunk the file takes from it is written.
     *
     * @return why a pack cannot be had (the temporary file is gone then); null otherwise, also when
     *     the file could not be written for another reason (reported as a problem)
     */
    String stream(
        Tree.Node node, Path to, List<String> whole, java.util.function.LongConsumer fetched) {
      Map<String, Integer> uses = new HashMap<>();
      for (String id : node.content()) {
        uses.merge(places.get(id).packId(), 1, Integer::sum);
      }
      Set<String> fetchedWhole = new java.util.HashSet<>(whole);
      java.util.concurrent.CompletableFuture<Map<String, String>> ahead =
          session.prefetch(whole, PARALLEL_PACKS, AHEAD_PACKS, executor, fetched);
      Path temporary = temporary(to);
      try {
        // Past the page cache, as a file restored from one object is (DirectWrite): a big file
        // is written once, and through the cache its every byte costs a fresh page.
        Files.createFile(temporary);
        try (magnus.host.control.DirectWrite out =
            magnus.host.control.DirectWrite.open(temporary, executor)) {
          for (String id : node.content()) {
            SnapshotStore.Place place = places.get(id);
            byte[] bytes =
                fetchedWhole.contains(place.packId())
                    ? session.blobOfPack(place)
                    : session.blob(place);
            out.write(bytes);
            written.addAndGet(bytes.length);
            events.progress(done.addAndGet(bytes.length), totalWork);
            if (uses.merge(place.packId(), -1, Integer::sum) == 0) {
              session.release(place.packId());
            }
            events.relayPending();
          }
          out.finish();
        }
        attributes(node, temporary);
        move(temporary, to);
        files.incrementAndGet();
        return null;
      } catch (PackReader.BlobException e) {
        deleteQuietly(temporary);
        return e.getMessage();
      } catch (IOException e) {
        deleteQuietly(temporary);
        problem(to, "cannot restore " + to + ": " + Failures.describe(e));
        return null;
      } finally {
        session.stopPrefetch();
        // The workers end after the pack each is fetching; none writes to the spool after this.
        events.relayUntil(ahead);
      }
    }

    void file(Tree.Node node, Path to) {
      if (refused != null) {
        return; // the staged tree is dropped: nothing more is worth writing
      }
      Path temporary = temporary(to);
      try {
        try (OutputStream out = Files.newOutputStream(temporary)) {
          for (String id : node.content()) {
            byte[] bytes = session.blob(places.get(id));
            out.write(bytes);
            written.addAndGet(bytes.length);
            events.progress(done.addAndGet(bytes.length), totalWork);
          }
        }
        attributes(node, temporary);
        move(temporary, to);
        files.incrementAndGet();
      } catch (PackReader.BlobException e) {
        deleteQuietly(temporary);
        if (staged) {
          synchronized (this) {
            if (refused == null) {
              refused = e.getMessage();
            }
          }
        } else {
          problem(to, "cannot restore " + to + ": " + e.getMessage());
        }
      } catch (IOException e) {
        deleteQuietly(temporary);
        problem(to, "cannot restore " + to + ": " + Failures.describe(e));
      }
    }

    void link(Tree.Node node, Path to) {
      Path temporary = temporary(to);
      try {
        Files.createSymbolicLink(temporary, Path.of(node.target()));
        if (root && node.uid() != null) {
          Files.setAttribute(temporary, "unix:uid", node.uid(), LinkOption.NOFOLLOW_LINKS);
          Files.setAttribute(temporary, "unix:gid", node.gid(), LinkOption.NOFOLLOW_LINKS);
        }
        FileTime mtime = FileTime.from(Instant.parse(node.mtime()));
        try {
          Files.getFileAttributeView(
                  temporary, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
              .setTimes(mtime, null, null);
        } catch (IOException | UnsupportedOperationException e) {
          // A link's own time cannot be set everywhere; its target is what matters.
        }
        move(temporary, to);
        links++;
      } catch (IOException e) {
        deleteQuietly(temporary);
        problem(to, "cannot restore the link " + to + ": " + Failures.describe(e));
      }
    }

    /** Mode, owner and mtime, as the snapshot has them; the mtime last. */
    void attributes(Tree.Node node, Path p) throws IOException {
      if (root && node.uid() != null) {
        Files.setAttribute(p, "unix:uid", node.uid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", node.gid(), LinkOption.NOFOLLOW_LINKS);
      }
      if ((node.mode() & ~0777) == 0) {
        Files.setPosixFilePermissions(p, permissions(node.mode()));
      } else {
        // Set-id and sticky bits: only the unix view takes them.
        Files.setAttribute(p, "unix:mode", node.mode(), LinkOption.NOFOLLOW_LINKS);
      }
      Files.setLastModifiedTime(p, FileTime.from(Instant.parse(node.mtime())));
    }

    Path temporary(Path to) {
      return beside(to, TEMPORARY);
    }

    void move(Path from, Path to) throws IOException {
      try {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("cannot rename " + from + " to " + to + " in one step", e);
      }
    }

    /** One {@code syncfs} of the destination's file system: everything written is durable. */
    void sync(Path destination) throws IOException {
      Process sync =
          new ProcessBuilder("sync", "-f", destination.toString())
              .redirectErrorStream(true)
              .start();
      try {
        if (!sync.waitFor(10, TimeUnit.MINUTES)) {
          sync.destroyForcibly();
          throw new IOException("sync -f " + destination + " did not end within 10 minutes");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while making the restore durable", e);
      }
      if (sync.exitValue() != 0) {
        String out = new String(sync.getInputStream().readAllBytes()).trim();
        throw new IOException("sync -f " + destination + " failed: " + out);
      }
    }

    void problem(Path p, String reason) {
      failed.incrementAndGet();
      events.send(Kind.FAILED, new SnapshotEvents.Problem(p.toString(), reason));
    }
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] all = PosixFilePermission.values();
    for (int i = 0; i < 9; i++) {
      if ((mode & (1 << (8 - i))) != 0) {
        set.add(all[i]);
      }
    }
    return set;
  }

  /** How the staging directory of a tree restore is named, beside its destination. */
  static final String STAGING = ".magnus-restoring";

  /** A new staging directory's path beside {@code destination}: hidden, and marked as Magnus's. */
  static Path staging(Path destination) {
    return beside(destination, STAGING);
  }

  /** A new hidden name beside {@code to}: ".NAME.RANDOM" and {@code suffix}, which marks it. */
  static Path beside(Path to, String suffix) {
    return to.resolveSibling(
        "."
            + to.getFileName()
            + "."
            + Long.toHexString(ThreadLocalRandom.current().nextLong())
            + suffix);
  }

  /** Makes a rename in {@code directory} durable. */
  static void fsyncDirectory(Path directory) throws IOException {
    try (java.nio.channels.FileChannel d =
        java.nio.channels.FileChannel.open(directory, java.nio.file.StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // Its name marks it as a temporary file of a restore.
    }
  }
}
