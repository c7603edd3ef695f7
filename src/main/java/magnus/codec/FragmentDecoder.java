package magnus.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Objects;

/**
 * Rebuilds a file from any k of the n fragment streams that {@link FragmentEncoder} made of it (see
 * there for the format). The reader must know the code (k, n), the segment size and the file size;
 * the fragments carry no header.
 *
 * <p>Given more than k fragments, the decoder reads k of them: data fragments 0..k-1 first, since
 * while all of those are at hand decoding is a plain copy, then the parity fragments with the
 * lowest indexes. The other streams are left untouched. Memory stays bounded by about {@code 2 *
 * segmentSize} bytes, whatever the file size, and by about twice the file for a file smaller than a
 * segment. A decoder keeps its buffers between files, so it is not thread-safe; use one per thread.
 */
public final class FragmentDecoder {
  private final ReedSolomon code;
  private final int segmentSize;
  private final int blockSize;

  /** Share buffers, by position among the chosen fragments. */
  private byte[][] shares;

  /** Buffers for rebuilt data blocks, by data share index (used only for missing ones). */
  private byte[][] rebuilt;

  /**
   * A decoder for the (k, n) code with the default kernel.
   *
   * @param k data shares; 1 &lt;= k &lt;= n
   * @param n fragments; k &lt;= n &lt;= 256
   * @param segmentSize file bytes per segment, &gt;= 1; must be the one the file was encoded with
   * @throws IllegalArgumentException if a parameter is out of range, saying which
   */
  public FragmentDecoder(int k, int n, int segmentSize) {
    this(ReedSolomon.of(k, n), segmentSize);
  }

  /**
   * A decoder for the given code.
   *
   * @param code the code, whose kernel does the arithmetic
   * @param segmentSize file bytes per segment, &gt;= 1; must be the one the file was encoded with
   * @throws IllegalArgumentException if the segment size is less than 1
   */
  public FragmentDecoder(ReedSolomon code, int segmentSize) {
    this.code = Objects.requireNonNull(code, "code");
    FragmentEncoder.checkSegmentSize(segmentSize);
    this.segmentSize = segmentSize;
    this.blockSize = FragmentEncoder.blockLength(segmentSize, code.k());
  }

  /** The code this decoder uses. */
  public ReedSolomon code() {
    return code;
  }

  /** File bytes per segment. */
  public int segmentSize() {
    return segmentSize;
  }

  /**
   * Reads k or more fragments (keyed by fragment index) and writes exactly {@code fileSize} bytes
   * of the original file to {@code out}.
   *
   * <p>Each fragment used must hold exactly {@link FragmentEncoder#fragmentSize fragmentSize(
   * fileSize, k, segmentSize)} bytes; a fragment that ends early, or goes on past that length, is
   * an error. Streams are neither closed nor read past the fragment length plus one byte; {@code
   * out} is neither flushed nor closed.
   *
   * @param fileSize the original file's length, &gt;= 0
   * @param fragments fragment streams keyed by fragment index 0..n-1; at least k of them
   * @param out where the file goes
   * @throws IllegalArgumentException if the file size is negative, fewer than k fragments are
   *     given, or an index is out of range or its stream null; the message names the problem
   * @throws IOException if reading or writing fails, or a fragment is shorter or longer than the
   *     file size implies (e.g. "fragment 3 ended after 100 bytes, expected 120"); bytes written to
   *     {@code out} so far are then incomplete
   */
  public void decode(long fileSize, Map<Integer, InputStream> fragments, OutputStream out)
      throws IOException {
    Objects.requireNonNull(out, "out");
    if (fileSize < 0) {
      throw new IllegalArgumentException("file size must not be negative, got " + fileSize);
    }
    int k = code.k();
    int n = code.n();
    InputStream[] byIndex = checkFragments(fragments, n);
    // Choose k fragments, lowest index first: all data fragments if possible.
    int[] chosen = new int[k];
    InputStream[] streams = new InputStream[k];
    int count = 0;
    for (int i = 0; i < n && count < k; i++) {
      if (byIndex[i] != null) {
        chosen[count] = i;
        streams[count++] = byIndex[i];
      }
    }
    if (count < k) {
      throw new IllegalArgumentException(
          "fewer than k fragments: need k=" + k + ", got " + fragments.size());
    }
    long expected = FragmentEncoder.fragmentSize(fileSize, k, segmentSize);
    allocate(fileSize < segmentSize ? FragmentEncoder.blockLength((int) fileSize, k) : blockSize);
    // out[i] is where data block i ends up: the share buffer itself when data share i was read
    // (decode then skips the copy), else a buffer to rebuild it in.
    byte[][] data = new byte[k][];
    for (int j = 0; j < k; j++) {
      if (chosen[j] < k) {
        data[chosen[j]] = shares[j];
      }
    }
    for (int i = 0; i < k; i++) {
      if (data[i] == null) {
        if (rebuilt[i] == null || rebuilt[i].length < shares[0].length) {
          rebuilt[i] = new byte[shares[0].length];
        }
        data[i] = rebuilt[i];
      }
    }
    long done = 0;
    long fragmentPos = 0;
    while (done < fileSize) {
      int segLen = (int) Math.min(segmentSize, fileSize - done);
      int len = FragmentEncoder.blockLength(segLen, k);
      for (int j = 0; j < k; j++) {
        int got = streams[j].readNBytes(shares[j], 0, len);
        if (got < len) {
          throw new IOException(
              "fragment "
                  + chosen[j]
                  + " ended after "
                  + (fragmentPos + got)
                  + " bytes, expected "
                  + expected);
        }
      }
      code.decode(chosen, shares, 0, len, data);
      for (int i = 0, left = segLen; left > 0; i++, left -= len) {
        out.write(data[i], 0, Math.min(len, left));
      }
      fragmentPos += len;
      done += segLen;
    }
    for (int j = 0; j < k; j++) {
      if (streams[j].read() >= 0) {
        throw new IOException(
            "fragment " + chosen[j] + " is longer than the expected " + expected + " bytes");
      }
    }
  }

  /**
   * Makes the share buffers at least {@code length} bytes long. Why not always a whole segment's
   * blocks: most files are far smaller than a segment, and a peer restoring fifty small files at
   * once on a 256 MB heap held 2 MiB of buffers for each of them, for files of a few kilobytes.
   */
  private void allocate(int length) {
    int size = Math.max(1, length);
    if (shares == null || shares[0].length < size) {
      shares = new byte[code.k()][size];
      rebuilt = new byte[code.k()][];
    }
  }

  /** The length of the share buffers now held, 0 before the first file; for tests. */
  int bufferLength() {
    return shares == null ? 0 : shares[0].length;
  }

  private static InputStream[] checkFragments(Map<Integer, InputStream> fragments, int n) {
    if (fragments == null) {
      throw new IllegalArgumentException("fragment streams are null");
    }
    InputStream[] byIndex = new InputStream[n];
    for (Map.Entry<Integer, InputStream> e : fragments.entrySet()) {
      Integer index = e.getKey();
      if (index == null) {
        throw new IllegalArgumentException("null fragment index");
      }
      if (index < 0 || index >= n) {
        throw new IllegalArgumentException(
            "fragment index " + index + " out of range [0, " + n + ")");
      }
      if (e.getValue() == null) {
        throw new IllegalArgumentException("fragment stream " + index + " is null");
      }
      byIndex[index] = e.getValue();
    }
    return byIndex;
  }
}
