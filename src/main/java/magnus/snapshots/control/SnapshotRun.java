package magnus.snapshots.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Logger;
import magnus.codec.CodeParameters;
import magnus.host.control.EventStream;
import magnus.host.control.EventStream.Kind;
import magnus.host.control.Failures;
import magnus.packs.ChunkKeys;
import magnus.packs.Chunker;
import magnus.packs.PackIndex;
import magnus.packs.SnapshotRecord;
import magnus.packs.Tree;
import magnus.snapshots.entity.Snapshot;

/**
 * Backs up paths as one snapshot ({@code docs/design.md}): walks them, directories in name order,
 * never following a link; cuts each regular file into chunks and stores the chunks this owner does
 * not have yet; writes each directory as a tree, bottom up, and the run as a snapshot. A file whose
 * size, mtime, ctime and inode are those it had in the newest snapshot of the same paths is not
 * read again: its chunk list is taken over.
 *
 * <p>The snapshot is recorded only once every pack it needs is stored on its n holders and recorded
 * here: until then no snapshot names anything that could be missing.
 */
@ApplicationScoped
public class SnapshotRun {

  static final Logger LOG = Logger.getLogger(SnapshotRun.class.getName());

  @Inject SnapshotStore store;
  @Inject PackUploads uploads;
  @Inject OwnerKeys ownerKeys;

  /**
   * Backs up {@code paths} as a new snapshot and tells {@code events} how it goes. Runs on the
   * thread that writes {@code events}.
   *
   * @param paths absolute, normalized paths, claimed for this run
   */
  public void run(List<Path> paths, CodeParameters code, EventStream events) {
    long started = System.nanoTime();
    Instant time = Instant.now();
    ChunkKeys keys = ownerKeys.keys();
    Scan scan = new Scan();
    for (Path p : paths) {
      scan.count(p);
    }
    events.send(Kind.START, new SnapshotEvents.Start(scan.files, scan.bytes));
    List<String> names = paths.stream().map(Path::toString).sorted().toList();
    Snapshot parent = store.newestOf(names).orElse(null);
    long scanned = System.nanoTime();
    Walk walk = new Walk(keys, code, events, scan.bytes);
    if (parent != null) {
      try {
        walk.ahead.putAll(TreePrefetch.under(store, parent.tree(), PARENT_TREE_BYTES));
      } catch (IllegalArgumentException e) {
        // Each tree is read again as the walk comes to it, and one that cannot be read is none.
      }
    }
    long packBytes = 0;
    try (walk.batch) {
      String root =
          walk.directory(
              Path.of("/"),
              Selection.of(paths),
              parent == null ? null : parent.tree(),
              walk.tree(parent == null ? null : parent.tree()));
      long walked = System.nanoTime();
      List<String> failures = walk.batch.finish(() -> {});
      long stored = System.nanoTime();
      if (!failures.isEmpty()) {
        events.send(
            Kind.FAILED,
            new SnapshotEvents.Failed("no snapshot recorded: " + PackUploads.summary(failures)));
        return;
      }
      String id = PackUploads.newId();
      PackUploads.StoredRecord record =
          uploads.storeRecord(
              code,
              keys,
              new SnapshotRecord(
                  id, time.toString(), names, root, parent == null ? null : parent.id()));
      packBytes += record.storedBytes();
      if (!record.failures().isEmpty()) {
        events.send(
            Kind.FAILED,
            new SnapshotEvents.Failed(
                "no snapshot recorded: " + PackUploads.summary(record.failures())));
        return;
      }
      String recordPack = record.packId();
      store.recordSnapshot(
          new Snapshot(
              id,
              time,
              names,
              root,
              parent == null ? null : parent.id(),
              recordPack,
              walk.filesNew,
              walk.filesChanged,
              walk.filesUnchanged,
              walk.bytesAdded));
      long recorded = System.nanoTime();
      // Where a run's time goes, for the operator and for the benchmarks: the count of what it
      // will read, the walk (reading, chunking, hashing, packing, while packs are stored), the
      // wait for the last packs, and the snapshot's own record.
      LOG.info(
          () ->
              String.format(
                  "snapshot %s of %s: %d new, %d changed, %d unchanged files; scan %.3f s, walk"
                      + " %.3f s, last packs %.3f s, record %.3f s",
                  id,
                  names,
                  walk.filesNew,
                  walk.filesChanged,
                  walk.filesUnchanged,
                  (scanned - started) / 1e9,
                  (walked - scanned) / 1e9,
                  (stored - walked) / 1e9,
                  (recorded - stored) / 1e9));
      events.send(
          Kind.DONE,
          new SnapshotEvents.BackedUp(
              id,
              walk.filesNew,
              walk.filesChanged,
              walk.filesUnchanged,
              walk.skipped,
              walk.failed,
              walk.bytesRead,
              walk.bytesAdded,
              walk.batch.storedBytes() + packBytes,
              (System.nanoTime() - started) / 1e9));
    } catch (IOException | RuntimeException e) {
      LOG.warning(() -> "snapshot of " + names + " failed: " + Failures.describe(e));
      events.send(
          Kind.FAILED, new SnapshotEvents.Failed("no snapshot recorded: " + Failures.describe(e)));
    }
  }

  /**
   * Bytes of the parent snapshot's trees read ahead in a few queries; the walk reads the others one
   * by one. Bounded so that the trees of a very large tree need not all be in memory at once.
   */
  static final long PARENT_TREE_BYTES = 16L << 20;

  /** A tree of an earlier snapshot, from the cache; null when there is none or it is not cached. */
  Tree tree(String id) {
    if (id == null) {
      return null;
    }
    return store.cachedTree(id).map(Tree::parse).orElse(null);
  }

  /**
   * Which entries of a directory a run takes: all of them ({@code whole}), or only those on the way
   * to the paths it was given, each with its own selection.
   */
  record Selection(boolean whole, Map<String, Selection> children) {
    static final Selection WHOLE = new Selection(true, Map.of());

    static Selection of(List<Path> paths) {
      Map<String, Object> root = new TreeMap<>();
      for (Path p : paths) {
        if (p.getNameCount() == 0) {
          return WHOLE;
        }
        Map<String, Object> at = root;
        for (int i = 0; i < p.getNameCount(); i++) {
          String name = p.getName(i).toString();
          Object next = at.get(name);
          if (next == WHOLE) {
            break;
          }
          if (i == p.getNameCount() - 1) {
            at.put(name, WHOLE);
            break;
          }
          if (next == null) {
            next = new TreeMap<String, Object>();
            at.put(name, next);
          }
          @SuppressWarnings("unchecked")
          Map<String, Object> down = (Map<String, Object>) next;
          at = down;
        }
      }
      return build(root);
    }

    @SuppressWarnings("unchecked")
    private static Selection build(Map<String, Object> level) {
      Map<String, Selection> children = new TreeMap<>();
      for (Map.Entry<String, Object> e : level.entrySet()) {
        children.put(
            e.getKey(), e.getValue() == WHOLE ? WHOLE : build((Map<String, Object>) e.getValue()));
      }
      return new Selection(false, children);
    }
  }

  /** Counts what a run will read, for its progress: regular files and their bytes. */
  private static final class Scan {
    long files;
    long bytes;

    void count(Path root) {
      try {
        Files.walkFileTree(
            root,
            new java.nio.file.SimpleFileVisitor<>() {
              @Override
              public java.nio.file.FileVisitResult visitFile(
                  Path file, java.nio.file.attribute.BasicFileAttributes a) {
                if (a.isRegularFile()) {
                  files++;
                  bytes += a.size();
                }
                return java.nio.file.FileVisitResult.CONTINUE;
              }

              @Override
              public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
                return java.nio.file.FileVisitResult.CONTINUE;
              }
            });
      } catch (IOException e) {
        // The walk reports what it cannot read.
      }
    }
  }

  /**
   * The attributes a run reads of each entry, named one by one. Why not {@code unix:*}: that also
   * gives the owner's and the group's names, and the JDK looks each up anew (getpwuid, getgrgid)
   * for every entry; over the 5,477 entries of a copy of {@code /usr/share/doc}, {@code unix:*}
   * took 551 ms against 106 ms for this list (best of 10, JDK 25, on a loaded 2-core machine).
   */
  static final String ATTRIBUTES =
      "unix:mode,lastModifiedTime,ctime,ino,uid,gid,size,isSymbolicLink,isDirectory,isRegularFile";

  /** Blobs a run looks up one by one before it reads every id ({@code Walk.stored}). */
  static final int LOOKUPS = 64;

  /** One run's walk: its counts, the chunks it added, its open packs. */
  private final class Walk {
    final ChunkKeys keys;
    final EventStream events;
    final long total;
    final PackUploads.Batch batch;

    /** The ids of every blob stored, read once {@link #stored} is asked often enough. */
    private KnownBlobs known;

    /** Blobs looked up one by one so far. */
    private int lookups;

    final Set<String> added = new HashSet<>();

    /** The parent snapshot's trees read ahead, each taken once ({@link #PARENT_TREE_BYTES}). */
    final Map<String, Tree> ahead = new HashMap<>();

    final boolean root = "root".equals(System.getProperty("user.name"));
    int filesNew;
    int filesChanged;
    int filesUnchanged;
    int skipped;
    int failed;
    long bytesRead;
    long bytesAdded;
    long done;

    Walk(ChunkKeys keys, CodeParameters code, EventStream events, long total) {
      this.keys = keys;
      this.events = events;
      this.total = total;
      this.batch = uploads.batch(code);
    }

    /**
     * Stores the tree of a directory, with what {@code selection} takes of it.
     *
     * @param previousId the id of the directory's tree in the parent snapshot, or null
     * @param previous that tree, or null when there is none or it is not cached
     * @return the tree's id
     */
    String directory(Path dir, Selection selection, String previousId, Tree previous)
        throws IOException {
      Map<String, Tree.Node> before = new HashMap<>();
      if (previous != null) {
        for (Tree.Node n : previous.nodes()) {
          before.put(n.name(), n);
        }
      }
      List<String> names = new ArrayList<>();
      if (selection.whole()) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
          for (Path p : entries) {
            names.add(p.getFileName().toString());
          }
        } catch (IOException e) {
          problem(Kind.FAILED, dir, "cannot list " + dir + ": " + Failures.describe(e));
        }
      } else {
        names.addAll(selection.children().keySet());
      }
      names.sort(null);
      List<Tree.Node> nodes = new ArrayList<>(names.size());
      for (String name : names) {
        Path p = dir.resolve(name);
        Selection below = selection.whole() ? Selection.WHOLE : selection.children().get(name);
        Tree.Node node = entry(p, name, below, before.get(name));
        if (node != null) {
          nodes.add(node);
        }
      }
      byte[] bytes = new Tree(nodes).bytes();
      String id = keys.id(bytes, 0, bytes.length);
      // A tree that is the parent snapshot's is stored: no need to look it up.
      if (!id.equals(previousId) && !added.contains(id) && !stored(id)) {
        added.add(id);
        batch.add(PackIndex.Kind.TREE, id, bytes, 0, bytes.length);
        bytesAdded += bytes.length;
      }
      return id;
    }

    /** One entry of a directory as a node, or null when it is not backed up. */
    Tree.Node entry(Path p, String name, Selection selection, Tree.Node before) throws IOException {
      Map<String, Object> a;
      try {
        a = Files.readAttributes(p, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        // Gone since its directory was listed (the paths of the run were there when it started).
        problem(Kind.FAILED, p, p + " does not exist");
        return null;
      } catch (IOException e) {
        problem(Kind.FAILED, p, "cannot read " + p + ": " + Failures.describe(e));
        return null;
      }
      int mode = ((Integer) a.get("mode")) & 07777;
      String mtime = ((FileTime) a.get("lastModifiedTime")).toInstant().toString();
      String ctime = ((FileTime) a.get("ctime")).toInstant().toString();
      long inode = (Long) a.get("ino");
      Integer uid = root ? (Integer) a.get("uid") : null;
      Integer gid = root ? (Integer) a.get("gid") : null;
      if ((Boolean) a.get("isSymbolicLink")) {
        String target = Files.readSymbolicLink(p).toString();
        return new Tree.Node(
            name, Tree.Type.SYMLINK, mode, mtime, 0, uid, gid, inode, ctime, null, null, target);
      }
      if ((Boolean) a.get("isDirectory")) {
        String previousId =
            before != null && before.type() == Tree.Type.DIR ? before.subtree() : null;
        String subtree = directory(p, selection, previousId, tree(previousId));
        return new Tree.Node(
            name, Tree.Type.DIR, mode, mtime, 0, uid, gid, inode, ctime, null, subtree, null);
      }
      if (!selection.whole()) {
        // On the way to a path of the run, only directories are taken.
        problem(Kind.SKIPPED, p, p + " is not a directory; skipped");
        return null;
      }
      if (!(Boolean) a.get("isRegularFile")) {
        problem(Kind.SKIPPED, p, "not a regular file (" + kind(a) + "); skipped");
        skipped++;
        return null;
      }
      long size = (Long) a.get("size");
      if (before != null
          && before.type() == Tree.Type.FILE
          && before.size() == size
          && mtime.equals(before.mtime())
          && ctime.equals(before.ctime())
          && Long.valueOf(inode).equals(before.inode())) {
        filesUnchanged++;
        progress(size);
        return new Tree.Node(
            name,
            Tree.Type.FILE,
            mode,
            mtime,
            size,
            uid,
            gid,
            inode,
            ctime,
            before.content(),
            null,
            null);
      }
      List<String> content = new ArrayList<>();
      long read = 0;
      try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
        Chunker chunker = new Chunker(ownerKeys.gear(), in, size);
        for (Chunker.Chunk c; (c = chunker.next()) != null; ) {
          String id = keys.id(c.bytes(), c.offset(), c.length());
          content.add(id);
          // Added by this run already: no lookup (its pack may not be recorded yet anyway).
          if (!added.contains(id) && !stored(id)) {
            added.add(id);
            batch.add(PackIndex.Kind.DATA, id, c.bytes(), c.offset(), c.length());
            bytesAdded += c.length();
          }
          read += c.length();
          progress(c.length());
        }
      } catch (IOException e) {
        progress(size - read);
        problem(Kind.FAILED, p, "cannot read " + p + ": " + Failures.describe(e));
        return null;
      }
      bytesRead += read;
      Map<String, Object> after =
          Files.readAttributes(p, "unix:size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
      if (read != size
          || !after.get("size").equals(size)
          || !after.get("lastModifiedTime").equals(a.get("lastModifiedTime"))) {
        progress(size - read);
        problem(
            Kind.FAILED,
            p,
            p
                + " changed while it was being backed up; back it up again when it is not written to");
        return null;
      }
      if (before == null) {
        filesNew++;
      } else {
        filesChanged++;
      }
      return new Tree.Node(
          name, Tree.Type.FILE, mode, mtime, size, uid, gid, inode, ctime, content, null, null);
    }

    /**
     * Whether this owner has stored a blob: the first {@link #LOOKUPS} are asked of the database
     * one by one, then every id is read at once ({@link KnownBlobs}). Why not all at the start: a
     * run with little new (unchanged files, a few directories whose mtimes moved) asks a handful,
     * and reading them all costs a query and 32 bytes per blob of the whole repository.
     */
    boolean stored(String id) {
      if (known == null && lookups < LOOKUPS) {
        lookups++;
        return !store.places(List.of(id)).isEmpty();
      }
      if (known == null) {
        known = store.blobIds();
      }
      return known.contains(id);
    }

    /** A tree of the parent snapshot: read ahead, else from the cache; null when not cached. */
    Tree tree(String id) {
      Tree read = id == null ? null : ahead.remove(id);
      return read != null ? read : SnapshotRun.this.tree(id);
    }

    void progress(long bytes) {
      done += bytes;
      events.progress(done, total);
    }

    void problem(Kind kind, Path p, String reason) {
      if (kind == Kind.FAILED) {
        failed++;
      }
      events.send(kind, new SnapshotEvents.Problem(p.toString(), reason));
    }
  }

  static String kind(Map<String, Object> a) {
    int type = ((Integer) a.get("mode")) & 0170000;
    return switch (type) {
      case 0140000 -> "socket";
      case 0060000 -> "block device";
      case 0020000 -> "character device";
      case 0010000 -> "fifo";
      default -> "special file";
    };
  }
}
