package magnus.recovery.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import magnus.codec.FragmentDecoder;
import magnus.filemap.entity.FileEntry;
import magnus.filemap.entity.FragmentLocation;
import magnus.fragments.boundary.RemoteFragments;
import magnus.fragments.control.PeerCallException;
import magnus.host.control.DirectWrite;
import magnus.host.control.Failures;
import magnus.host.control.Identity;
import magnus.host.control.ReadAhead;
import magnus.host.control.Sha256;
import magnus.peers.control.PeerDirectory;
import magnus.peers.entity.PeerDescriptor;

/**
 * Restores one version of a file from k of its holders.
 *
 * <p>Data fragments are preferred, because decoding from them costs nothing but a copy. The k
 * fragments are fetched at once and decoded as they stream in. Every fragment's SHA-256 is checked
 * against the one recorded at backup time; a fragment that fails the check, or whose holder fails
 * part way, is reported and set aside, and the decode starts again with another holder in its
 * place. The file is written to a temporary file beside the destination, fsynced, given its mtime
 * and mode, and only then renamed over the destination: a failed restore leaves nothing there.
 */
@ApplicationScoped
public class FileRestore {

  /** How the temporary files of a restore end; they start with "." and the destination's name. */
  static final String TEMPORARY = ".magnus-restore";

  /** Seconds to wait for a holder to start answering before another one is asked. */
  static final long ANSWER_SECONDS = 30;

  @Inject RemoteFragments remote;
  @Inject PeerDirectory directory;
  @Inject Identity identity;

  @Resource ManagedExecutorService flushes;

  /** Runs each fragment's download on a thread of its own, never queued behind other work. */
  @Resource ManagedThreadFactory threads;

  /** Why a fragment was set aside during a restore. */
  public enum SetAside {
    /** Its bytes do not match the SHA-256 recorded at backup time. */
    CORRUPT,
    /** Its holder did not start answering within {@value FileRestore#ANSWER_SECONDS} s. */
    TIMEOUT,
    /** Its holder refused, or failed part way through the transfer. */
    FAILED
  }

  /** What a restore tells its caller as it goes. */
  public interface Listener {
    /**
     * File bytes written so far. Starts again from 0 when a decode starts again without a fragment
     * that was set aside.
     */
    void progress(long bytes);

    /** A fragment was set aside, for the reason given; another one is used instead. */
    void setAside(String peerUrl, int index, SetAside why, String detail);
  }

  /**
   * Restores {@code entry} to {@code destination}.
   *
   * @param entry the version to restore
   * @param destination an absolute path; its parent directories are created when missing
   * @param listener told of progress and of fragments set aside
   * @throws RestoreException when fewer than k fragments can be had intact ("need 3 fragments, 2
   *     reachable"), or the destination cannot be written; nothing is then left at the destination
   */
  public void restore(FileEntry entry, Path destination, Listener listener)
      throws RestoreException {
    restore(entry, destination, listener, true);
  }

  /**
   * Restores {@code entry} as {@link #restore(FileEntry, Path, Listener)} does; without {@code
   * checkWhole}, the rebuilt bytes are not hashed against the entry's SHA-256. For a pack, whose
   * every blob the reader checks against its id, and whose recorded hash is not of its whole bytes:
   * a hash of a whole pack costs as much CPU as its decoding, for a check the blobs make anyway.
   * Every fragment is still checked against its own SHA-256.
   */
  public void restore(FileEntry entry, Path destination, Listener listener, boolean checkWhole)
      throws RestoreException {
    if (Files.isDirectory(destination, LinkOption.NOFOLLOW_LINKS)) {
      throw new RestoreException(
          RestoreException.Reason.DESTINATION,
          destination + " is a directory; restore to a file path (--to " + destination + "/NAME)");
    }
    Path parent = destination.toAbsolutePath().getParent();
    try {
      createDirectories(parent);
    } catch (IOException e) {
      throw new RestoreException(
          RestoreException.Reason.DESTINATION,
          "cannot create " + parent + ": " + Failures.describe(e));
    }
    Map<String, PeerDescriptor> live =
        directory.live().stream()
            .collect(Collectors.toMap(PeerDescriptor::id, Function.identity(), (a, b) -> a));
    // Holders that are live first, data fragments before parity ones (in a random order, to
    // spread the load); then holders seen before but missing from the live list now, which may
    // just not have published themselves again yet.
    List<FragmentLocation> candidates = new ArrayList<>();
    List<FragmentLocation> parity = new ArrayList<>();
    List<FragmentLocation> unlisted = new ArrayList<>();
    for (FragmentLocation f : entry.fragments()) {
      if (live.containsKey(f.peerId())) {
        (f.fragmentIndex() < entry.k() ? candidates : parity).add(f);
      } else {
        directory
            .lastSeen(f.peerId())
            .ifPresent(
                p -> {
                  live.put(p.id(), p);
                  unlisted.add(f);
                });
      }
    }
    java.util.Collections.shuffle(parity, ThreadLocalRandom.current());
    candidates.addAll(parity);
    candidates.addAll(unlisted);
    // An empty file is known whole from the FileMap: nothing to fetch.
    boolean fetch = entry.size() > 0;
    if (fetch && candidates.size() < entry.k()) {
      throw new RestoreException(
          RestoreException.Reason.NOT_ENOUGH_FRAGMENTS,
          "need " + entry.k() + " fragments, " + candidates.size() + " reachable");
    }
    removeStaleTemporaries(parent, destination.getFileName().toString());
    Path temporary;
    try {
      temporary = Files.createTempFile(parent, "." + destination.getFileName() + ".", TEMPORARY);
    } catch (IOException e) {
      throw new RestoreException(
          RestoreException.Reason.DESTINATION,
          "cannot write in " + parent + ": " + Failures.describe(e));
    }
    boolean done = false;
    try {
      if (fetch) {
        decodeInto(entry, candidates, live, temporary, listener, checkWhole);
      }
      finish(entry, temporary, destination);
      done = true;
    } finally {
      if (!done) {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException e) {
          // The temporary file's name marks it as Magnus's; nothing at the destination changed.
        }
      }
    }
  }

  /**
   * Creates a directory and its missing parents, each made durable: a restored file is durable only
   * once every directory on its path is. Other restores into the same new tree run at the same
   * time; a directory that one of them created first is taken as it is, and its entry made durable
   * here too, since this restore cannot know whether the other one has done so yet.
   */
  static void createDirectories(Path directory) throws IOException {
    List<Path> missing = new ArrayList<>();
    for (Path d = directory;
        d != null && !Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS);
        d = d.getParent()) {
      missing.add(0, d);
    }
    for (Path d : missing) {
      try {
        Files.createDirectory(d);
      } catch (FileAlreadyExistsException e) {
        if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
          throw e;
        }
      }
      try (FileChannel parent = FileChannel.open(d.getParent())) {
        parent.force(true);
      }
    }
  }

  /**
   * Deletes what an earlier restore of the same destination left when its process was killed, so
   * that a resumed recovery leaves no half-written file beside the ones it restores.
   *
   * <p>Only names that {@link Files#createTempFile} makes for this destination are taken: "." and
   * the name, ".", digits, {@value #TEMPORARY}. A looser match would take the temporary file of a
   * restore of {@code NAME.pod} running beside this one of {@code NAME} in the same directory.
   */
  static void removeStaleTemporaries(Path parent, String name) {
    try (DirectoryStream<Path> stale =
        Files.newDirectoryStream(parent, p -> isTemporaryOf(p.getFileName().toString(), name))) {
      for (Path p : stale) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // Only leftovers; the restore itself goes on and reports its own errors.
    }
  }

  /** Whether {@code file} is a name {@link Files#createTempFile} gave a restore of {@code name}. */
  static boolean isTemporaryOf(String file, String name) {
    String prefix = "." + name + ".";
    if (!file.startsWith(prefix)
        || !file.endsWith(TEMPORARY)
        || file.length() <= prefix.length() + TEMPORARY.length()) {
      return false;
    }
    String random = file.substring(prefix.length(), file.length() - TEMPORARY.length());
    return random.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /** Decodes from the candidates, setting aside failed ones, until one decode checks out. */
  private void decodeInto(
      FileEntry entry,
      List<FragmentLocation> candidates,
      Map<String, PeerDescriptor> live,
      Path temporary,
      Listener listener,
      boolean checkWhole)
      throws RestoreException {
    List<FragmentLocation> usable = new ArrayList<>(candidates);
    List<String> setAside = new ArrayList<>();
    Listener reporting =
        new Listener() {
          @Override
          public void progress(long bytes) {
            listener.progress(bytes);
          }

          @Override
          public void setAside(String peerUrl, int index, SetAside why, String detail) {
            setAside.add("fragment " + index + " on " + peerUrl + ": " + detail);
            listener.setAside(peerUrl, index, why, detail);
          }
        };
    int k = entry.k();
    while (true) {
      if (usable.size() < k) {
        throw notEnough(k, usable.size(), setAside);
      }
      // Fetch k at once; replace the ones that do not answer.
      Map<Integer, Fetched> open = new LinkedHashMap<>();
      List<FragmentLocation> queue = new ArrayList<>(usable);
      while (open.size() < k && !queue.isEmpty()) {
        List<FragmentLocation> batch =
            new ArrayList<>(queue.subList(0, Math.min(k - open.size(), queue.size())));
        queue.removeAll(batch);
        Map<FragmentLocation, CompletableFuture<RemoteFragments.Retrieved>> asked =
            new LinkedHashMap<>();
        for (FragmentLocation f : batch) {
          asked.put(f, fetch(entry, f, live));
        }
        for (Map.Entry<FragmentLocation, CompletableFuture<RemoteFragments.Retrieved>> a :
            asked.entrySet()) {
          FragmentLocation f = a.getKey();
          try {
            RemoteFragments.Retrieved r = a.getValue().get(ANSWER_SECONDS, TimeUnit.SECONDS);
            open.put(
                f.fragmentIndex(),
                new Fetched(
                    new ReadAhead(r.body(), threads, ANSWER_SECONDS),
                    f,
                    live.get(f.peerId()).url()));
          } catch (TimeoutException e) {
            a.getValue().cancel(true);
            usable.remove(f);
            reporting.setAside(
                live.get(f.peerId()).url(),
                f.fragmentIndex(),
                SetAside.TIMEOUT,
                "no answer within " + ANSWER_SECONDS + " s");
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            asked.values().forEach(c -> c.cancel(true));
            closeAll(open);
            throw new RestoreException(
                RestoreException.Reason.NOT_ENOUGH_FRAGMENTS,
                "interrupted while fetching fragments");
          } catch (ExecutionException | RuntimeException e) {
            usable.remove(f);
            reporting.setAside(
                live.get(f.peerId()).url(),
                f.fragmentIndex(),
                timedOut(e) ? SetAside.TIMEOUT : SetAside.FAILED,
                Failures.describe(e));
          }
        }
      }
      if (open.size() < k) {
        closeAll(open);
        throw notEnough(k, usable.size(), setAside);
      }
      Map<Integer, InputStream> streams = new TreeMap<>();
      open.forEach((i, c) -> streams.put(i, c.download()));
      MessageDigest whole = checkWhole ? Sha256.digest() : null;
      try (DirectWrite file = DirectWrite.open(temporary, flushes);
          ProgressOutput out = new ProgressOutput(file, whole, listener)) {
        new FragmentDecoder(k, entry.n(), entry.segmentSize()).decode(entry.size(), streams, out);
        List<Fetched> bad = open.values().stream().filter(c -> !c.intact()).toList();
        if (bad.isEmpty()) {
          String sha = whole == null ? null : HexFormat.of().formatHex(whole.digest());
          if (sha != null && !sha.equals(entry.sha256())) {
            throw new RestoreException(
                RestoreException.Reason.WRONG_ENTRY,
                "the rebuilt file's SHA-256 is "
                    + sha
                    + ", not the recorded "
                    + entry.sha256()
                    + "; every fragment checked out, so the FileMap entry is wrong");
          }
          file.finish();
          return;
        }
        for (Fetched c : bad) {
          usable.remove(c.location());
          reporting.setAside(
              c.peerUrl(),
              c.location().fragmentIndex(),
              SetAside.CORRUPT,
              "SHA-256 does not match the recorded one");
        }
      } catch (IOException e) {
        // A holder failed part way (or sent too few or too many bytes): find it and set it aside.
        Fetched failed =
            open.values().stream().filter(c -> c.failure() != null).findFirst().orElse(null);
        if (failed == null) {
          throw new RestoreException(
              RestoreException.Reason.DESTINATION,
              "cannot write " + temporary + ": " + Failures.describe(e));
        }
        usable.remove(failed.location());
        reporting.setAside(
            failed.peerUrl(),
            failed.location().fragmentIndex(),
            timedOut(failed.failure()) ? SetAside.TIMEOUT : SetAside.FAILED,
            Failures.describe(e));
      } finally {
        closeAll(open);
      }
      // Decode again from the start, without the fragments set aside.
    }
  }

  /** Whether a transfer failed because its holder stopped sending, not because it refused. */
  static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.io.InterruptedIOException
          || t instanceof TimeoutException
          || (t instanceof PeerCallException call
              && call.failure() == PeerCallException.Failure.TIMEOUT)) {
        return true;
      }
    }
    return false;
  }

  /** Fewer than k fragments can be had intact: says how many, and why the others were set aside. */
  private static RestoreException notEnough(int k, int reachable, List<String> setAside) {
    return new RestoreException(
        RestoreException.Reason.NOT_ENOUGH_FRAGMENTS,
        "need "
            + k
            + " fragments, "
            + reachable
            + " reachable (set aside: "
            + String.join("; ", setAside)
            + ")");
  }

  private CompletableFuture<RemoteFragments.Retrieved> fetch(
      FileEntry entry, FragmentLocation f, Map<String, PeerDescriptor> live) {
    try {
      return remote
          .retrieve(
              live.get(f.peerId()).url(),
              identity.peerId(),
              entry.fileId(),
              entry.version(),
              f.fragmentIndex())
          .toCompletableFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static void closeAll(Map<Integer, Fetched> open) {
    // Ends the downloads; each releases its connection.
    open.values().forEach(c -> c.download().close());
  }

  /** Gives the temporary file its mtime and mode and renames it over the destination. */
  private static void finish(FileEntry entry, Path temporary, Path destination)
      throws RestoreException {
    try {
      Files.setPosixFilePermissions(temporary, permissions(entry.mode()));
      Files.setLastModifiedTime(temporary, FileTime.fromMillis(entry.mtimeMillis()));
      try {
        Files.move(
            temporary,
            destination,
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
        Files.move(temporary, destination, StandardCopyOption.REPLACE_EXISTING);
      }
      // The rename is durable only once the directory is.
      try (FileChannel dir = FileChannel.open(destination.toAbsolutePath().getParent())) {
        dir.force(true);
      }
    } catch (IOException e) {
      throw new RestoreException(
          RestoreException.Reason.DESTINATION,
          "cannot write " + destination + ": " + Failures.describe(e));
    }
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    for (PosixFilePermission p : PosixFilePermission.values()) {
      if ((mode & (1 << (8 - p.ordinal()))) != 0) {
        set.add(p);
      }
    }
    return set;
  }

  /**
   * One fragment's download, read and hashed on a thread of its own ({@link ReadAhead}) while the
   * decoder takes its bytes, with the holder it comes from.
   */
  private record Fetched(ReadAhead download, FragmentLocation location, String peerUrl) {

    IOException failure() {
      return download.failure();
    }

    /**
     * Whether the whole fragment arrived and matches the recorded SHA-256; once read to its end.
     */
    boolean intact() {
      return download.failure() == null && location.sha256().equals(download.sha256());
    }
  }

  /** Hashes the rebuilt file (unless its digest is null) and reports its progress. */
  private static final class ProgressOutput extends java.io.FilterOutputStream {
    private final MessageDigest digest;
    private final Listener listener;
    private long written;

    ProgressOutput(OutputStream out, MessageDigest digest, Listener listener) {
      super(out);
      this.digest = digest;
      this.listener = listener;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      if (digest != null) {
        digest.update((byte) b);
      }
      listener.progress(++written);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      if (digest != null) {
        digest.update(b, off, len);
      }
      written += len;
      listener.progress(written);
    }
  }
}
