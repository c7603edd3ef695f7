package magnus.fragments.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;
import java.util.stream.Stream;
import magnus.fragments.entity.FragmentHeader;
import magnus.fragments.entity.FragmentTrailer;
import magnus.host.control.DirectWrite;
import magnus.host.control.Sha256;

/**
 * The fragment files in the data directory, without the database: where a fragment lives, how its
 * bytes get there durably, and what start-up finds out of place. Kept free of the container so that
 * it can be tested on a temporary directory, and free of the wire: it takes the fragment's bytes
 * and an already parsed trailer, and fails with {@link FragmentException}s.
 *
 * <p>A fragment lives at {@code fragments/<owner>/<fileId>/<version>/<index>.<sha256>}. The hash in
 * the name means that a different fragment stored at the same key is a different file: the new one
 * is complete and durable before its row replaces the old row, and the old file is deleted only
 * after that, so a crash at any point leaves the row naming a complete file. A temporary file is
 * {@code .<index>.<random>.tmp} in the same directory, so that the final rename is atomic.
 */
public final class FragmentFiles {

  static final String TEMPORARY_SUFFIX = ".tmp";
  static final int BUFFER_BYTES = 64 * 1024;

  private final Path root;
  private final Path orphans;
  private final Executor flushes;

  /**
   * @param dataDirectory the peer's data directory; fragments go under {@code fragments/} and files
   *     found there without a row are moved under {@code orphans/}
   * @param flushes runs the background flushes of fragments written through the page cache ({@link
   *     DirectWrite})
   */
  public FragmentFiles(Path dataDirectory, Executor flushes) {
    this.root = dataDirectory.resolve("fragments");
    this.orphans = dataDirectory.resolve("orphans");
    this.flushes = flushes;
  }

  /** The same, its background flushes on the common pool: outside a container. */
  public FragmentFiles(Path dataDirectory) {
    this(dataDirectory, ForkJoinPool.commonPool());
  }

  public Path root() {
    return root;
  }

  public Path orphans() {
    return orphans;
  }

  /** Where the fragment with this header lives. The header must be valid. */
  public Path pathOf(FragmentHeader h) {
    return root.resolve(relativePath(h.owner(), h.fileId(), h.version(), h.index(), h.sha256()));
  }

  /** The same, relative to {@link #root()}, with '/' separators. */
  public static String relativePath(
      String owner, String fileId, int version, int index, String sha256) {
    return owner + "/" + fileId + "/" + version + "/" + index + "." + sha256;
  }

  /**
   * Streams a fragment's bytes to a temporary file beside its final place while hashing and
   * counting them, takes the rest of its header from {@code end}, checks the bytes against it,
   * fsyncs the file, renames it into place and fsyncs the directory. On any failure nothing is left
   * behind.
   *
   * @param h the header; when it {@link FragmentRules#awaitsTrailer awaits its trailer}, its
   *     SHA-256 and metadata come from {@code end}
   * @param bytes the fragment's bytes: exactly {@code h.length()} are read, no more
   * @param end called once, after the bytes are read: answers the trailer (for a complete header,
   *     its own SHA-256 and metadata), reading whatever the wire sends after the bytes
   * @return the complete header; the fragment's final path is {@link #pathOf} it
   * @throws FragmentException MISMATCH when the bytes are too few or have another SHA-256, INVALID
   *     for a bad trailer, FAILED when the disk fails
   */
  public FragmentHeader write(FragmentHeader h, InputStream bytes, Supplier<FragmentTrailer> end) {
    Path directory =
        root.resolve(h.owner()).resolve(h.fileId()).resolve(Integer.toString(h.version()));
    Path temporary = null;
    try {
      createDirectories(directory);
      temporary = Files.createTempFile(directory, "." + h.index() + ".", TEMPORARY_SUFFIX);
      FragmentHeader complete;
      try (DirectWrite out = DirectWrite.open(temporary, flushes)) {
        complete = completed(h, copy(h, bytes, out), end);
        out.finish();
      }
      Path target = pathOf(complete);
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      temporary = null;
      fsyncDirectory(directory);
      return complete;
    } catch (IOException e) {
      throw FragmentException.failed(
          "cannot write the fragment under " + directory + ": " + e + "; check the data directory",
          e);
    } finally {
      if (temporary != null) {
        deleteQuietly(temporary);
      }
    }
  }

  /** The same for a complete header whose bytes are all {@code bytes} holds. */
  public FragmentHeader write(FragmentHeader h, InputStream bytes) {
    return write(h, bytes, () -> FragmentTrailer.of(h));
  }

  /**
   * Reads a fragment's bytes without keeping them, checking them against the header completed by
   * {@code end}: for a store of a fragment that is already here.
   *
   * @return the complete header
   */
  public FragmentHeader verify(FragmentHeader h, InputStream bytes, Supplier<FragmentTrailer> end) {
    try {
      return completed(h, copy(h, bytes, null), end);
    } catch (IOException e) {
      throw FragmentException.mismatch(
          "the fragment's body could not be read: " + e.getMessage() + "; send it again");
    }
  }

  /** Deletes a fragment file and fsyncs its directory; an absent file is no error. */
  public void delete(Path file) {
    try {
      if (Files.deleteIfExists(file)) {
        fsyncDirectory(file.getParent());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file, e);
    }
  }

  private record Copied(long bytes, String sha256) {}

  /** Copies at most {@code h.length()} bytes: what follows them is the wire's, for {@code end}. */
  private static Copied copy(FragmentHeader h, InputStream body, DirectWrite out)
      throws IOException {
    MessageDigest digest = Sha256.digest();
    byte[] buffer = new byte[BUFFER_BYTES];
    long count = 0;
    while (count < h.length()) {
      int wanted = (int) Math.min(buffer.length, h.length() - count);
      int read = body.read(buffer, 0, wanted);
      if (read < 0) {
        break;
      }
      digest.update(buffer, 0, read);
      if (out != null) {
        out.write(buffer, 0, read);
      }
      count += read;
    }
    return new Copied(count, HexFormat.of().formatHex(digest.digest()));
  }

  /** The header completed by its trailer, checked against the bytes that came. */
  private static FragmentHeader completed(
      FragmentHeader h, Copied copied, Supplier<FragmentTrailer> end) {
    if (copied.bytes() < h.length()) {
      throw FragmentException.mismatch(
          "the body has "
              + copied.bytes()
              + " bytes but the header's length is "
              + h.length()
              + "; send the whole fragment");
    }
    FragmentTrailer trailer = end.get();
    FragmentHeader complete =
        FragmentRules.trailer(trailer.sha256(), trailer.metadata()).completing(h);
    if (!copied.sha256().equals(complete.sha256())) {
      throw FragmentException.mismatch(
          "the body's SHA-256 is "
              + copied.sha256()
              + " but its header (or trailer) says "
              + complete.sha256()
              + "; the fragment was damaged on the way or the header is wrong");
    }
    return complete;
  }

  /** Creates missing directories down to {@code directory}, fsyncing each new one's parent. */
  void createDirectories(Path directory) throws IOException {
    if (Files.isDirectory(directory)) {
      return;
    }
    if (directory.equals(root) || !directory.startsWith(root)) {
      Files.createDirectories(directory);
      return;
    }
    createDirectories(directory.getParent());
    try {
      Files.createDirectory(directory);
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(directory)) {
        throw e;
      }
      return; // made by a concurrent store of a sibling fragment
    }
    fsyncDirectory(directory.getParent());
  }

  static void fsyncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // Start-up removes temporary files that could not be deleted now.
    }
  }

  // ----- reconciliation at start-up -----

  /** What start-up found: what it removed, moved, and which rows have no file. */
  public record Reconciliation(
      List<String> temporariesRemoved,
      List<String> orphansMoved,
      List<String> rowsWithoutFile,
      List<String> rowsWithWrongSize) {

    public boolean clean() {
      return temporariesRemoved.isEmpty()
          && orphansMoved.isEmpty()
          && rowsWithoutFile.isEmpty()
          && rowsWithWrongSize.isEmpty();
    }

    /** One line for the log and the readiness check. */
    public String summary() {
      return temporariesRemoved.size()
          + " temporary files removed, "
          + orphansMoved.size()
          + " files without a row moved to orphans/, "
          + rowsWithoutFile.size()
          + " rows whose file is missing deleted, "
          + rowsWithWrongSize.size()
          + " rows whose file has the wrong size deleted (file moved to orphans/)";
    }
  }

  /** A row as reconciliation needs it: the relative path of its file and its length. */
  public record Row(String relativePath, long length) {}

  /**
   * Brings the files in line with the rows: removes temporary files, moves files no row names (and
   * files whose size differs from their row's length) to {@code orphans/}, and answers which rows
   * have no usable file, for the caller to delete. Empty directories are removed.
   */
  public Reconciliation reconcile(Collection<Row> rows) {
    try {
      Files.createDirectories(root);
      Map<String, Long> files = new TreeMap<>();
      List<String> temporaries = new ArrayList<>();
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
          String relative = root.relativize(file).toString().replace('\\', '/');
          if (file.getFileName().toString().endsWith(TEMPORARY_SUFFIX)
              && file.getFileName().toString().startsWith(".")) {
            Files.deleteIfExists(file);
            temporaries.add(relative);
          } else {
            files.put(relative, Files.size(file));
          }
        }
      }
      List<String> missing = new ArrayList<>();
      List<String> wrongSize = new ArrayList<>();
      for (Row row : rows) {
        Long size = files.remove(row.relativePath());
        if (size == null) {
          missing.add(row.relativePath());
        } else if (size != row.length()) {
          wrongSize.add(row.relativePath());
          moveToOrphans(row.relativePath());
        }
      }
      List<String> orphaned = new ArrayList<>(files.keySet());
      for (String relative : orphaned) {
        moveToOrphans(relative);
      }
      removeEmptyDirectories();
      return new Reconciliation(temporaries, orphaned, missing, wrongSize);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reconcile the fragment files under " + root, e);
    }
  }

  private void moveToOrphans(String relative) throws IOException {
    Path target = orphans.resolve(relative);
    Files.createDirectories(target.getParent());
    try {
      Files.move(root.resolve(relative), target, StandardCopyOption.REPLACE_EXISTING);
    } catch (NoSuchFileException ignored) {
      // Gone since the walk: nothing to move.
    }
  }

  private void removeEmptyDirectories() throws IOException {
    List<Path> directories;
    try (Stream<Path> walk = Files.walk(root)) {
      directories =
          walk.filter(Files::isDirectory)
              .filter(d -> !d.equals(root))
              .sorted(Comparator.comparingInt(Path::getNameCount).reversed())
              .toList();
    }
    for (Path directory : directories) {
      try (Stream<Path> entries = Files.list(directory)) {
        if (entries.findAny().isEmpty()) {
          Files.delete(directory);
        }
      }
    }
  }
}
