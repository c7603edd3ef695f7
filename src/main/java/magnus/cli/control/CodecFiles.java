package magnus.cli.control;

import static magnus.cli.control.UserException.describe;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import magnus.codec.FragmentDecoder;
import magnus.codec.FragmentEncoder;

/**
 * Encodes a file into fragment files and decodes fragment files back into the file.
 *
 * <p>Fragment i of a file named {@code NAME} is the raw fragment bytes, without a header, in {@code
 * NAME.i}. Nothing is left half-written: output goes to temporary files in the target directory
 * that are renamed into place only once they are complete, and are deleted on failure.
 */
public final class CodecFiles {
  private static final int BUFFER = 1 << 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PrintWriter err;
  private final boolean terminal;

  public CodecFiles(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  /** What {@link #encode} wrote. */
  public record Encoded(long fileSize, long fragmentSize, List<Path> fragments) {}

  /** The name of fragment {@code index} of a file named {@code fileName}. */
  public static String fragmentName(String fileName, int index) {
    return fileName + "." + index;
  }

  /**
   * The fragment index that a fragment file's name ends with.
   *
   * @throws UserException when the name has no numeric suffix or the index is not below n
   */
  public static int fragmentIndex(Path fragment, int n) {
    String name = fragment.getFileName() == null ? "" : fragment.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String suffix = dot < 0 ? "" : name.substring(dot + 1);
    if (suffix.isEmpty() || !suffix.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new UserException(
          "fragment '"
              + fragment
              + "' has no numeric suffix; fragment files are named NAME.<index> (0 to n-1),"
              + " as 'magnus codec encode' writes them");
    }
    String digits = suffix.replaceFirst("^0+(?=.)", "");
    if (digits.length() > 3 || Integer.parseInt(digits) >= n) {
      throw new UserException(
          "fragment '"
              + fragment
              + "' has index "
              + digits
              + " but --n is "
              + n
              + "; indexes run from 0 to "
              + (n - 1)
              + ", so check --n or the file name");
    }
    return Integer.parseInt(digits);
  }

  public Encoded encode(Path file, Path outDir, int k, int n, int segmentSize) throws IOException {
    CodeOptions.check(k, n, segmentSize);
    if (!Files.exists(file)) {
      throw new UserException(
          "input file '" + file + "' does not exist; give the path of an existing file to encode");
    }
    if (!Files.isRegularFile(file)) {
      throw new UserException("input '" + file + "' is not a regular file; give a file to encode");
    }
    if (!Files.isReadable(file)) {
      throw new UserException(
          "input file '" + file + "' is not readable; check its permissions or run as its owner");
    }
    if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
      throw new UserException(
          "output directory '" + outDir + "' exists but is not a directory; give a directory");
    }
    try {
      Files.createDirectories(outDir);
    } catch (IOException e) {
      throw new UserException(
          "cannot create output directory '" + outDir + "': " + describe(e) + "; check the path",
          e);
    }
    String name = file.getFileName().toString();
    for (int i = 0; i < n; i++) {
      Path target = outDir.resolve(fragmentName(name, i));
      if (Files.isDirectory(target)) {
        throw new UserException(
            "'" + target + "' is a directory, where fragment " + i + " goes; move it away");
      }
    }
    long size = Files.size(file);
    long fragmentSize = FragmentEncoder.fragmentSize(size, k, segmentSize);

    Path[] temps = new Path[n];
    OutputStream[] outs = new OutputStream[n];
    List<Path> finals = new ArrayList<>();
    boolean done = false;
    try {
      for (int i = 0; i < n; i++) {
        temps[i] = tempPath(outDir, fragmentName(name, i));
        outs[i] =
            new BufferedOutputStream(
                Files.newOutputStream(temps[i], StandardOpenOption.CREATE_NEW), BUFFER);
      }
      ProgressBar progress = new ProgressBar(err, terminal);
      progress.update(0, size);
      long read;
      try (InputStream in = progress.counting(Files.newInputStream(file))) {
        read = new FragmentEncoder(k, n, segmentSize).encode(in, outs);
      } finally {
        progress.finish();
      }
      for (int i = 0; i < n; i++) {
        outs[i].close();
        outs[i] = null;
      }
      if (read != size) {
        throw new UserException(
            "input file '"
                + file
                + "' changed while it was encoded ("
                + size
                + " bytes, then "
                + read
                + "); encode it again when nothing writes to it");
      }
      err.println("encode " + name + ": " + progress.summary());
      err.flush();
      for (int i = 0; i < n; i++) {
        Path target = outDir.resolve(fragmentName(name, i));
        moveIntoPlace(temps[i], target);
        temps[i] = null;
        finals.add(target);
      }
      done = true;
      return new Encoded(size, fragmentSize, finals);
    } finally {
      if (!done) {
        for (int i = 0; i < n; i++) {
          closeQuietly(outs[i]);
          deleteQuietly(temps[i]);
        }
      }
    }
  }

  /**
   * Rebuilds a file of {@code fileSize} bytes into {@code outFile} from k or more of its fragment
   * files.
   */
  public void decode(
      Path outFile, List<Path> fragmentFiles, int k, int n, long fileSize, int segmentSize)
      throws IOException {
    CodeOptions.check(k, n, segmentSize);
    if (fileSize < 0) {
      throw new UserException(
          "--size "
              + fileSize
              + " is negative; give the original file's size in bytes, as 'magnus codec encode'"
              + " printed it");
    }
    TreeMap<Integer, Path> byIndex = new TreeMap<>();
    for (Path f : fragmentFiles) {
      int index = fragmentIndex(f, n);
      Path other = byIndex.putIfAbsent(index, f);
      if (other != null) {
        throw new UserException(
            "fragments '"
                + other
                + "' and '"
                + f
                + "' both have index "
                + index
                + "; give each fragment index once");
      }
    }
    if (byIndex.size() < k) {
      throw new UserException(
          "only "
              + byIndex.size()
              + " fragment"
              + (byIndex.size() == 1 ? "" : "s")
              + " given but k = "
              + k
              + " are needed; give at least "
              + k
              + " fragment files with distinct indexes");
    }
    long expected = FragmentEncoder.fragmentSize(fileSize, k, segmentSize);
    for (Path f : byIndex.values()) {
      if (!Files.isRegularFile(f)) {
        throw new UserException(
            "fragment '" + f + "' does not exist or is not a file; check the path");
      }
      long actual = Files.size(f);
      if (actual != expected) {
        throw new UserException(
            "fragment '"
                + f
                + "' has "
                + actual
                + " bytes but a "
                + fileSize
                + "-byte file coded with k = "
                + k
                + " and segment size "
                + segmentSize
                + " has fragments of "
                + expected
                + " bytes; check --size, --k and --segment-size");
      }
    }
    if (Files.isDirectory(outFile)) {
      throw new UserException(
          "output '" + outFile + "' is a directory; give the path of the file to write");
    }
    Path dir = outFile.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new UserException(
          "the directory of output file '" + outFile + "' does not exist; create it first");
    }

    // A systematic code decodes fastest from the data fragments: take the k lowest indexes.
    Map<Integer, InputStream> inputs = new TreeMap<>();
    Path temp = null;
    boolean done = false;
    try {
      for (Map.Entry<Integer, Path> e : byIndex.entrySet()) {
        if (inputs.size() == k) {
          break;
        }
        inputs.put(e.getKey(), Files.newInputStream(e.getValue()));
      }
      temp = tempPath(dir, outFile.getFileName().toString());
      ProgressBar progress = new ProgressBar(err, terminal);
      progress.update(0, fileSize);
      try (OutputStream out =
          progress.counting(
              new BufferedOutputStream(
                  Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW), BUFFER))) {
        new FragmentDecoder(k, n, segmentSize).decode(fileSize, inputs, out);
      } finally {
        progress.finish();
      }
      long written = Files.size(temp);
      if (written != fileSize) {
        throw new IOException(
            "the decoder wrote " + written + " bytes instead of " + fileSize + "; nothing written");
      }
      err.println("decode " + outFile.getFileName() + ": " + progress.summary());
      err.flush();
      moveIntoPlace(temp, outFile);
      done = true;
    } finally {
      for (InputStream in : inputs.values()) {
        closeQuietly(in);
      }
      if (!done) {
        deleteQuietly(temp);
      }
    }
  }

  /**
   * A fresh hidden name beside {@code name} in {@code dir}; the file is created with CREATE_NEW so
   * that it gets the usual permissions (umask), unlike Files.createTempFile.
   */
  private static Path tempPath(Path dir, String name) {
    return dir.resolve("." + name + "." + Long.toHexString(RANDOM.nextLong() >>> 1) + ".part");
  }

  private static void moveIntoPlace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception ignored) {
        // already failing; the first error is the one reported
      }
    }
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // best effort: a stray .part file is harmless
      }
    }
  }
}
