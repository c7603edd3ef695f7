package magnus.snapshots.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import magnus.codec.CodeParameters;
import magnus.codec.FragmentEncoder;
import magnus.filemap.control.BackupException;
import magnus.filemap.control.FileBackup;
import magnus.filemap.control.FileMap;
import magnus.filemap.control.Removals;
import magnus.filemap.entity.FileEntry;
import magnus.filemap.entity.OwnerMetadata;
import magnus.host.control.DirectWrite;
import magnus.host.control.Failures;
import magnus.host.control.Settings;
import magnus.host.control.Sha256;
import magnus.packs.PackIndex;
import magnus.packs.PackWriter;
import magnus.snapshots.entity.Pack;

/**
 * Packs on their way to the holders. A run adds blobs to its open pack, which is written to a spool
 * file under the data directory; once the pack reaches its target size ({@link #target}) in bytes
 * of blobs (or the run ends) it is sealed, coded and stored on n peers through the FileMap's backup
 * path, and recorded with its blobs. A few packs travel at once while the run goes on filling the
 * next.
 *
 * <p>Why a spool file and not memory: a pack is read twice when a holder fails part way (for its
 * replacement), and a run's packs in flight would otherwise cost their whole size in heap, on peers
 * whose heap may be 256 MB.
 */
@ApplicationScoped
public class PackUploads {

  static final Logger LOG = Logger.getLogger(PackUploads.class.getName());

  /** Bytes of blobs that close a run's first packs: restic's packs are 16 MiB too. */
  static final long FIRST_TARGET_BYTES = 16L << 20;

  /** Bytes of blobs that close a pack, at most: four times the first. */
  static final long MAX_TARGET_BYTES = 64L << 20;

  /**
   * The target size of a run's pack number {@code sealed} (from 0): 16 MiB for the first two, 32
   * for the next two, then 64 MiB.
   *
   * <p>Why it grows: each pack costs about the same whatever its size (an object placed on n
   * holders: n fragment files created and fsynced, n rows committed there, the FileMap's and the
   * pack's rows here), and a 1 GB file backed up in 16 MiB packs took 8.1 to 12 s on the 2-core
   * machine of BENCHMARKS.md, against 5.8 to 5.9 s in 64 MiB packs, with 2, 4 or 8 packs in flight
   * alike. Why not 64 MiB from the start: a run of a few tens of MB would then be one or two packs,
   * stored one after the other once the walk has ended, where small packs are stored while the walk
   * goes on; and a small run's packs stay small for prune to rewrite.
   */
  static long target(int sealed) {
    return Math.min(MAX_TARGET_BYTES, FIRST_TARGET_BYTES << Math.min(2, sealed / 2));
  }

  /** Sealed packs being stored at once, per run. */
  static final int IN_FLIGHT = 2;

  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject FileBackup backup;
  @Inject SnapshotStore store;
  @Inject FileMap fileMap;
  @Inject Removals removals;
  @Inject Settings settings;

  @Resource ManagedExecutorService executor;

  /** A new id for a pack or a snapshot: 16 random bytes, in hex. */
  static String newId() {
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    return HexFormat.of().formatHex(id);
  }

  /**
   * Empties the spool as the peer starts: what an earlier process left there (a pack of a run that
   * was killed, a reader's fetched packs) is of no use, and a run's packs are stored again whole.
   */
  void atStart(
      @jakarta.enterprise.event.Observes
          @jakarta.enterprise.context.Initialized(ApplicationScoped.class)
          Object started) {
    Path spool = settings.dataDirectory().resolve("spool");
    if (!Files.isDirectory(spool)) {
      return;
    }
    try (var all = Files.walk(spool)) {
      List<Path> paths = all.sorted(java.util.Comparator.reverseOrder()).toList();
      for (Path p : paths) {
        if (!p.equals(spool)) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      LOG.warning(() -> "cannot empty the spool " + spool + ": " + e.getMessage());
    }
  }

  /** Where packs are spooled. */
  Path spool() throws IOException {
    Path spool = settings.dataDirectory().resolve("spool");
    Files.createDirectories(spool);
    return spool;
  }

  /** The packs of one run. */
  public Batch batch(CodeParameters code) {
    return new Batch(code, OwnerMetadata.Kind.PACK);
  }

  /** Failures of packs that a summary names one by one; the log has them all. */
  static final int SHOWN_FAILURES = 2;

  /**
   * Why packs failed, in a line a person reads: the first few, and how many more. A disk that fills
   * part way through a big backup fails every pack after it for the same reason, and a hundred of
   * them in one line hide the reason rather than show it.
   */
  public static String summary(List<String> failures) {
    if (failures.size() <= SHOWN_FAILURES) {
      return String.join("; ", failures);
    }
    return String.join("; ", failures.subList(0, SHOWN_FAILURES))
        + "; and "
        + (failures.size() - SHOWN_FAILURES)
        + " more packs failed (the peer's log has each)";
  }

  /** A snapshot's record stored in its pack, or why it could not be. */
  public record StoredRecord(String packId, long storedBytes, List<String> failures) {}

  /**
   * Stores a snapshot's record in a pack of its own, and records the pack. Why a pack of its own: a
   * holder never has the record of a snapshot whose packs are not all stored, since it goes last,
   * and forgetting the snapshot removes just it.
   */
  public StoredRecord storeRecord(
      CodeParameters code, magnus.packs.ChunkKeys keys, magnus.packs.SnapshotRecord record)
      throws IOException {
    byte[] bytes = record.bytes();
    try (Batch last = new Batch(code, OwnerMetadata.Kind.RECORD)) {
      String pack =
          last.add(
              PackIndex.Kind.SNAPSHOT, keys.id(bytes, 0, bytes.length), bytes, 0, bytes.length);
      List<String> failures = last.finish(() -> {});
      return new StoredRecord(pack, last.storedBytes(), failures);
    }
  }

  /** The packs of one run: add blobs, then {@link #finish}. Used by one thread. */
  public final class Batch implements AutoCloseable {
    private final CodeParameters code;
    private final OwnerMetadata.Kind kind;
    private final Semaphore slots = new Semaphore(IN_FLIGHT);
    private final List<CompletableFuture<Void>> uploads = new ArrayList<>();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong storedBytes = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger packsStored =
        new java.util.concurrent.atomic.AtomicInteger();
    private int sealed;
    private String openId;
    private Path openFile;
    private DirectWrite openOut;
    private PackWriter open;
    private Map<String, byte[]> openTrees;

    Batch(CodeParameters code, OwnerMetadata.Kind kind) {
      this.code = code;
      this.kind = kind;
    }

    /**
     * Adds a blob to the open pack, and seals the pack once it is full.
     *
     * @return the id of the pack it went into
     */
    public String add(PackIndex.Kind kind, String id, byte[] bytes, int offset, int length)
        throws IOException {
      if (open == null) {
        openId = newId();
        openFile = Files.createFile(spool().resolve(openId + ".pack"));
        openOut = DirectWrite.open(openFile, executor);
        open = new PackWriter(openOut);
        openTrees = new LinkedHashMap<>();
      }
      open.add(kind, id, bytes, offset, length);
      if (kind == PackIndex.Kind.TREE) {
        openTrees.put(id, java.util.Arrays.copyOfRange(bytes, offset, offset + length));
      }
      String into = openId;
      if (open.blobBytes() >= target(sealed)) {
        seal();
      }
      return into;
    }

    /** Bytes of packs stored and recorded so far. */
    public long storedBytes() {
      return storedBytes.get();
    }

    /** Packs stored and recorded so far. */
    public int packsStored() {
      return packsStored.get();
    }

    /** Seals the open pack, if any, and starts its upload once a slot is free. */
    void seal() throws IOException {
      if (open == null) {
        return;
      }
      PackIndex index = open.finish();
      openOut.complete();
      openOut.close();
      String sha256 = Sha256.hex(index.bytes());
      sealed++;
      String id = openId;
      Path file = openFile;
      Map<String, byte[]> trees = openTrees;
      open = null;
      openOut = null;
      try {
        slots.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        Files.deleteIfExists(file);
        throw new IOException("interrupted while waiting to store a pack", e);
      }
      uploads.add(
          CompletableFuture.runAsync(() -> upload(id, file, index, sha256, trees), executor)
              .whenComplete((ok, e) -> slots.release()));
    }

    private void upload(
        String id, Path file, PackIndex index, String sha256, Map<String, byte[]> trees) {
      try {
        FileEntry stored;
        try {
          stored =
              backup.backupPack(
                  file,
                  id,
                  kind,
                  sha256,
                  code.k(),
                  code.n(),
                  FragmentEncoder.DEFAULT_SEGMENT_SIZE,
                  b -> {});
        } catch (BackupException e) {
          forget(id, e.stored());
          failures.add("pack " + id + ": " + e.getMessage());
          return;
        }
        try {
          store.recordPack(new Pack(id, stored), index.entries(), trees);
          storedBytes.addAndGet(stored.size());
          packsStored.incrementAndGet();
        } catch (RuntimeException e) {
          forget(id, stored.fragments());
          failures.add(
              "pack " + id + " was stored but could not be recorded: " + Failures.describe(e));
        }
      } catch (RuntimeException e) {
        failures.add("pack " + id + ": " + Failures.describe(e));
      } finally {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          LOG.warning(() -> "cannot remove the spooled pack " + file + ": " + e.getMessage());
        }
      }
    }

    private void forget(String id, List<magnus.filemap.entity.FragmentLocation> stored) {
      if (!stored.isEmpty()) {
        fileMap.forget(id, 1, stored);
        removals.drain();
      }
    }

    /**
     * Seals the last pack and waits until every pack is stored and recorded.
     *
     * @return why packs failed; empty when all are recorded
     */
    public List<String> finish(Runnable whileWaiting) throws IOException {
      seal();
      CompletableFuture<Void> all =
          CompletableFuture.allOf(uploads.toArray(CompletableFuture[]::new));
      while (!all.isDone()) {
        whileWaiting.run();
        try {
          all.get(100, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
          // Each upload reports its own failure.
        }
      }
      if (failures.size() > SHOWN_FAILURES) {
        LOG.warning(() -> failures.size() + " packs failed: " + String.join("; ", failures));
      }
      return List.copyOf(failures);
    }

    /** Drops a pack left open by a run that failed. */
    @Override
    public void close() {
      if (open != null) {
        try {
          openOut.close();
          Files.deleteIfExists(openFile);
        } catch (IOException e) {
          LOG.warning(() -> "cannot remove the spooled pack " + openFile + ": " + e.getMessage());
        }
        open = null;
      }
    }
  }
}
