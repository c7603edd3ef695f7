package magnus.filemap.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;
import magnus.codec.FragmentEncoder;
import magnus.filemap.entity.FileEntry;
import magnus.filemap.entity.FileFacts;
import magnus.filemap.entity.FragmentLocation;
import magnus.filemap.entity.OwnerMetadata;
import magnus.fragments.boundary.RemoteFragments;
import magnus.fragments.control.FragmentHeaders;
import magnus.fragments.entity.FragmentHeader;
import magnus.host.control.DirectRead;
import magnus.host.control.Failures;
import magnus.host.control.Identity;
import magnus.host.control.Pipe;
import magnus.host.control.ReadAhead;
import magnus.peers.control.PeerDirectory;
import magnus.peers.control.Placement;
import magnus.peers.entity.PeerDescriptor;

/**
 * Backs up one file: codes it and stores its n fragments on n peers in parallel, and answers the
 * FileMap entry to record once every fragment is acknowledged.
 *
 * <p>The file is read once. Its fragments stream to their holders, all n at once, through bounded
 * pipes, so no more than a few segments are ever in memory, whatever the file's size. Each
 * fragment's SHA-256 is computed on its way out, by its upload's thread, and follows its bytes in a
 * trailer with the owner's metadata (which holds the whole file's SHA-256); the holder checks the
 * bytes against it before it acknowledges. When a holder fails during the transfer, its fragment is
 * coded again and sent to a replacement peer; that read must find the same file.
 */
@ApplicationScoped
public class FileBackup {

  /** Chunks (of one block each) buffered per fragment upload. */
  static final int PIPE_CHUNKS = 8;

  /** Seconds a holder may stop reading before its upload is given up. */
  static final long STALL_SECONDS = 60;

  /** Seconds to wait for the holders' acknowledgements after the last byte was sent. */
  static final long ACK_SECONDS = 120;

  /** Rounds of replacement after the first transfer, for holders that fail. */
  static final int REPLACEMENT_ROUNDS = 3;

  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject RemoteFragments remote;
  @Inject PeerDirectory directory;
  @Inject Identity identity;

  @Resource ManagedThreadFactory threads;

  /** A new owner's id for a path that has no version yet: random, never reused. */
  public static String newFileId() {
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    return HexFormat.of().formatHex(id);
  }

  /**
   * Backs up one regular file.
   *
   * @param file the file, an absolute path
   * @param fileId the owner's id of the file (that of the path's versions, or a new one)
   * @param version the version to store it as
   * @param k fragments needed to rebuild it
   * @param n fragments to cut it into; n live peers other than this one must have room
   * @param segmentSize file bytes per codec segment
   * @param progress told of file bytes sent, as they go
   * @return the entry to record: every fragment acknowledged by its holder
   * @throws BackupException when the file cannot be read, changes while it is read, or its
   *     fragments cannot all be placed; the message says which and why
   */
  public FileEntry backup(
      Path file, String fileId, int version, int k, int n, int segmentSize, LongConsumer progress)
      throws BackupException {
    return store(file, fileId, version, k, n, segmentSize, OwnerMetadata.Kind.FILE, null, progress);
  }

  /**
   * Stores a pack of the snapshot model, written out to {@code spool}, as an object of its own: as
   * a file is stored, with metadata that says it is a pack ({@link OwnerMetadata#pack}).
   *
   * <p>Unlike a file, the pack is not hashed whole: its metadata records the hash the caller gives
   * (of the pack's index, which names every blob by a keyed hash of its bytes). Every blob is
   * checked against its id when it is read back and every fragment against its own SHA-256, so a
   * hash of the whole pack would be a third hash of the same bytes; on a 1 GB backup it cost about
   * as much CPU as coding. The spool is read past the page cache: it was written so, once.
   *
   * @param spool the pack's bytes, complete
   * @param packId the pack's id, new for this attempt and never used again
   * @param kind {@link OwnerMetadata.Kind#PACK}, or {@link OwnerMetadata.Kind#RECORD} for the pack
   *     of a snapshot's record
   * @param sha256 the hash to record as the pack's, 64 lower-case hex digits
   * @return the pack's fragments, as an entry that is not to be recorded in the FileMap
   * @throws BackupException as {@link #backup}
   */
  public FileEntry backupPack(
      Path spool,
      String packId,
      OwnerMetadata.Kind kind,
      String sha256,
      int k,
      int n,
      int segmentSize,
      LongConsumer progress)
      throws BackupException {
    if (!OwnerMetadata.PACKS.contains(kind)) {
      throw new IllegalArgumentException("a pack's kind is PACK or RECORD, not " + kind);
    }
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("a pack's hash is 64 lower-case hex digits: " + sha256);
    }
    return store(spool, packId, 1, k, n, segmentSize, kind, sha256, progress);
  }

  private FileEntry store(
      Path file,
      String fileId,
      int version,
      int k,
      int n,
      int segmentSize,
      OwnerMetadata.Kind kind,
      String presetSha256,
      LongConsumer progress)
      throws BackupException {
    PosixFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new BackupException("cannot read " + file + ": " + Failures.describe(e), List.of());
    }
    long length = FragmentEncoder.fragmentSize(attributes.size(), k, segmentSize);
    String owner = identity.peerId();
    Source source = new Source(file, fileId, attributes, kind, presetSha256);

    List<PeerDescriptor> live = directory.live();
    List<PeerDescriptor> holders;
    try {
      holders = Placement.place(n, length, owner, live, RANDOM);
    } catch (RuntimeException e) {
      throw new BackupException(e.getMessage(), List.of());
    }
    Map<Integer, PeerDescriptor> targets = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      targets.put(i, holders.get(i));
    }
    Map<Integer, FragmentLocation> stored = new TreeMap<>();
    List<PeerDescriptor> tried = new ArrayList<>(holders);
    List<String> failures = new ArrayList<>();
    for (int round = 0; ; round++) {
      Map<Integer, String> failed =
          transfer(
              source,
              version,
              k,
              n,
              segmentSize,
              length,
              targets,
              stored,
              round == 0 ? progress : b -> {});
      if (failed.isEmpty()) {
        break;
      }
      for (Map.Entry<Integer, String> f : failed.entrySet()) {
        failures.add(
            "fragment "
                + f.getKey()
                + " on "
                + targets.get(f.getKey()).url()
                + ": "
                + f.getValue());
      }
      if (round == REPLACEMENT_ROUNDS) {
        throw new BackupException(
            "could not store every fragment: " + String.join("; ", failures),
            List.copyOf(stored.values()));
      }
      Map<Integer, PeerDescriptor> next = new TreeMap<>();
      List<PeerDescriptor> nowLive = directory.live();
      for (int i : failed.keySet()) {
        PeerDescriptor replacement;
        try {
          replacement = Placement.replacement(length, owner, tried, nowLive, RANDOM);
        } catch (RuntimeException e) {
          throw new BackupException(
              String.join("; ", failures)
                  + "; no other peer can take the fragment: "
                  + e.getMessage(),
              List.copyOf(stored.values()));
        }
        tried.add(replacement);
        next.put(i, replacement);
      }
      targets = next;
    }
    List<FragmentLocation> locations = List.copyOf(stored.values());
    return new FileEntry(source.facts, version, k, n, segmentSize, locations);
  }

  /**
   * The file being backed up: what it was when the backup started, and, once it has been read
   * through, its facts. Every read must find the same bytes.
   */
  private static final class Source {
    final Path file;
    final String fileId;
    final PosixFileAttributes before;
    final OwnerMetadata.Kind kind;

    /** A pack's hash, given by the caller; null for a file, which is hashed as it is read. */
    final String presetSha256;

    final long storedAt = System.currentTimeMillis();

    /**
     * Characters of the metadata, known before the file is read: only its hash is not, and every
     * SHA-256 has 64 hex digits.
     */
    final int metadataChars;

    /** Known once the first transfer has read the whole file; read by the upload threads. */
    volatile FileFacts facts;

    volatile String metadata;

    Source(
        Path file,
        String fileId,
        PosixFileAttributes before,
        OwnerMetadata.Kind kind,
        String presetSha256) {
      this.file = file;
      this.fileId = fileId;
      this.before = before;
      this.kind = kind;
      this.presetSha256 = presetSha256;
      this.metadataChars = metadata(facts("0".repeat(64))).length();
    }

    private String metadata(FileFacts facts) {
      return kind == OwnerMetadata.Kind.FILE
          ? FileBackup.metadata(facts, storedAt)
          : OwnerMetadata.pack(kind, facts.size(), facts.sha256(), storedAt).encode();
    }

    private FileFacts facts(String sha256) {
      return new FileFacts(
          file.toString(),
          fileId,
          before.size(),
          sha256,
          before.lastModifiedTime().toMillis(),
          modeBits(before));
    }

    /**
     * After a read through the file: whether it is still the file the backup started with. The
     * first read records its facts; a later one (for a replacement holder) must match them.
     *
     * @return null when unchanged, else why not
     */
    String readThrough(long bytes, String sha256) throws IOException {
      PosixFileAttributes after =
          Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (bytes != before.size()
          || after.size() != before.size()
          || !after.lastModifiedTime().equals(before.lastModifiedTime())
          || (facts != null && !facts.sha256().equals(sha256))) {
        return file
            + " changed while it was being backed up; back it up again when it is not written to";
      }
      if (facts == null) {
        facts = facts(sha256);
        metadata = metadata(facts);
      }
      return null;
    }
  }

  /**
   * Codes the file once and streams the fragments in {@code targets} to their peers at once, each
   * hashed on its way out and followed by its trailer: its SHA-256 and the owner's metadata, which
   * are known only once the whole file has been read. Acknowledged fragments go into {@code
   * stored}.
   *
   * @return the fragments that failed, with the reason
   */
  private Map<Integer, String> transfer(
      Source source,
      int version,
      int k,
      int n,
      int segmentSize,
      long length,
      Map<Integer, PeerDescriptor> targets,
      Map<Integer, FragmentLocation> stored,
      LongConsumer progress)
      throws BackupException {
    Map<Integer, Pipe> pipes = new TreeMap<>();
    Map<Integer, TrailedFragment> bodies = new TreeMap<>();
    Map<Integer, CompletableFuture<FragmentHeader>> uploads = new TreeMap<>();
    OutputStream[] outputs = new OutputStream[n];
    for (int i = 0; i < n; i++) {
      outputs[i] = OutputStream.nullOutputStream();
    }
    for (Map.Entry<Integer, PeerDescriptor> target : targets.entrySet()) {
      int i = target.getKey();
      Pipe pipe = new Pipe(PIPE_CHUNKS, STALL_SECONDS);
      TrailedFragment body = new TrailedFragment(pipe.source(), () -> source.metadata);
      FragmentHeader header =
          new FragmentHeader(
              identity.peerId(),
              source.fileId,
              version,
              i,
              k,
              n,
              source.before.size(),
              segmentSize,
              length,
              null,
              null);
      CompletableFuture<FragmentHeader> upload;
      try {
        upload =
            remote
                .store(
                    target.getValue().url(),
                    header,
                    body,
                    length + FragmentHeaders.trailerLength(source.metadataChars))
                .toCompletableFuture();
      } catch (RuntimeException e) {
        upload = CompletableFuture.failedFuture(e);
      }
      upload.whenComplete(
          (ok, error) -> {
            if (error != null) {
              pipe.abandon(Failures.describe(error));
            }
          });
      pipes.put(i, pipe);
      bodies.put(i, body);
      uploads.put(i, upload);
      outputs[i] = pipe.sink();
    }
    String changed;
    // The file is read and hashed on a thread of its own while this one codes it; a pack is read
    // past the page cache, and not hashed (backupPack says why).
    boolean pack = source.presetSha256 != null;
    try (ReadAhead file =
            new ReadAhead(
                pack ? DirectRead.open(source.file) : Files.newInputStream(source.file),
                threads,
                STALL_SECONDS,
                !pack);
        InputStream in = new Counting(file, progress)) {
      long bytes = new FragmentEncoder(k, n, segmentSize).encode(in, outputs);
      changed = source.readThrough(bytes, pack ? source.presetSha256 : file.sha256());
      if (changed == null) {
        // The metadata is known now: the ends of the pipes let the trailers follow.
        for (Pipe pipe : pipes.values()) {
          pipe.sink().close();
        }
      }
    } catch (IOException e) {
      pipes.values().forEach(p -> p.abandon("the file could not be read"));
      awaitQuietly(uploads);
      collect(targets, uploads, bodies, stored, length);
      throw new BackupException(
          "cannot read " + source.file + ": " + Failures.describe(e), List.copyOf(stored.values()));
    }
    if (changed != null) {
      // No holder gets a trailer, so none keeps a fragment of a file that moved under the read.
      pipes.values().forEach(p -> p.abandon("the file changed while it was read"));
      awaitQuietly(uploads);
      collect(targets, uploads, bodies, stored, length);
      throw new BackupException(changed, List.copyOf(stored.values()));
    }
    return collect(targets, uploads, bodies, stored, length);
  }

  /** Waits for every upload, and moves the acknowledged ones into {@code stored}. */
  private static Map<Integer, String> collect(
      Map<Integer, PeerDescriptor> targets,
      Map<Integer, CompletableFuture<FragmentHeader>> uploads,
      Map<Integer, TrailedFragment> bodies,
      Map<Integer, FragmentLocation> stored,
      long length) {
    Map<Integer, String> failed = new TreeMap<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ACK_SECONDS);
    for (Map.Entry<Integer, CompletableFuture<FragmentHeader>> upload : uploads.entrySet()) {
      int i = upload.getKey();
      try {
        FragmentHeader acknowledged =
            upload.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        String sha = bodies.get(i).sha256();
        if (sha == null || !sha.equals(acknowledged.sha256())) {
          // The holder checked the bytes against the trailer, so this is a broken holder.
          failed.put(
              i, "acknowledged SHA-256 " + acknowledged.sha256() + ", but " + sha + " was sent");
          continue;
        }
        stored.put(i, new FragmentLocation(i, targets.get(i).id(), length, sha));
      } catch (TimeoutException e) {
        upload.getValue().cancel(true);
        failed.put(i, "no acknowledgement within " + ACK_SECONDS + " s");
      } catch (ExecutionException e) {
        failed.put(i, Failures.describe(e.getCause()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failed.put(i, "interrupted");
      }
    }
    return failed;
  }

  private static void awaitQuietly(Map<Integer, ? extends CompletableFuture<?>> uploads) {
    try {
      CompletableFuture.allOf(uploads.values().toArray(CompletableFuture[]::new))
          .get(ACK_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Each upload's own outcome is collected next.
    }
  }

  /**
   * The owner's metadata in each fragment's header: enough to rebuild the FileMap entry from the
   * holders after the owner lost its disk. Holders treat it as opaque; a later version encrypts it.
   */
  static String metadata(FileFacts facts, long storedAt) {
    return OwnerMetadata.of(facts, storedAt).encode();
  }

  /** The permission bits of a file, as {@code chmod} writes them. */
  static int modeBits(PosixFileAttributes attributes) {
    int mode = 0;
    for (PosixFilePermission p : attributes.permissions()) {
      mode |= 1 << (8 - p.ordinal());
    }
    return mode;
  }

  /** Counts the file bytes read for the progress report. */
  private static final class Counting extends FilterInputStream {
    private final LongConsumer progress;

    Counting(InputStream in, LongConsumer progress) {
      super(in);
      this.progress = progress;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        progress.accept(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int r = super.read(b, off, len);
      if (r > 0) {
        progress.accept(r);
      }
      return r;
    }
  }
}
