package magnus.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Streams a file through a {@link ReedSolomon} code, segment by segment, into n fragment streams,
 * any k of which rebuild the file (see {@link FragmentDecoder}).
 *
 * <h2>Fragment format</h2>
 *
 * The file is read in segments of {@code segmentSize} bytes; the last segment is shorter (an empty
 * file has no segments). Each segment is zero-padded to a multiple of k and cut into k equal
 * blocks, which are encoded as one stripe: share i of the segment is zfec's share i of those blocks
 * ({@code zfec.Encoder(k, n).encode(blocks)[i]}). Fragment i of the file is share i of every
 * segment, concatenated. The format has no header: the reader must know k, n, the segment size and
 * the file size. Every fragment is {@link #fragmentSize} bytes long.
 *
 * <p>Memory stays bounded by about {@code segmentSize * n / k} bytes, whatever the file size. An
 * encoder keeps its buffers between files, so it is not thread-safe; use one per thread.
 */
public final class FragmentEncoder {
  /** Default segment size: 1 MiB of file data per segment. */
  public static final int DEFAULT_SEGMENT_SIZE = 1 << 20;

  private final ReedSolomon code;
  private final int segmentSize;

  /** Block length of a full segment: ceil(segmentSize / k). */
  private final int blockSize;

  private byte[][] blocks;
  private byte[][] parity;

  /**
   * An encoder for the (k, n) code with the default kernel.
   *
   * @param k data shares; 1 &lt;= k &lt;= n
   * @param n fragments; k &lt;= n &lt;= 256
   * @param segmentSize file bytes per segment, &gt;= 1 (usually {@link #DEFAULT_SEGMENT_SIZE})
   * @throws IllegalArgumentException if a parameter is out of range, saying which
   */
  public FragmentEncoder(int k, int n, int segmentSize) {
    this(ReedSolomon.of(k, n), segmentSize);
  }

  /**
   * An encoder for the given code.
   *
   * @param code the code, whose kernel does the arithmetic
   * @param segmentSize file bytes per segment, &gt;= 1
   * @throws IllegalArgumentException if the segment size is less than 1
   */
  public FragmentEncoder(ReedSolomon code, int segmentSize) {
    this.code = Objects.requireNonNull(code, "code");
    checkSegmentSize(segmentSize);
    this.segmentSize = segmentSize;
    this.blockSize = blockLength(segmentSize, code.k());
  }

  /** The code this encoder uses. */
  public ReedSolomon code() {
    return code;
  }

  /** File bytes per segment. */
  public int segmentSize() {
    return segmentSize;
  }

  /**
   * Encodes the whole of {@code in}, up to its end; fragment i is written to {@code fragments[i]}.
   * Exactly {@link #fragmentSize fragmentSize(returned value, k, segmentSize)} bytes go to each
   * fragment stream. No stream is closed or flushed.
   *
   * @param in the file; read to its end
   * @param fragments n streams, one per fragment, all distinct
   * @return the number of file bytes read
   * @throws IllegalArgumentException if {@code fragments} does not hold n non-null streams
   * @throws IOException if reading or writing fails; the fragments written so far are then
   *     incomplete
   */
  public long encode(InputStream in, OutputStream[] fragments) throws IOException {
    Objects.requireNonNull(in, "in");
    checkFragments(fragments);
    int k = code.k();
    int n = code.n();
    allocate();
    long total = 0;
    while (true) {
      // Read a full segment's worth straight into the blocks of a full segment.
      int read = 0;
      for (int b = 0; b < k && read == b * blockSize; b++) {
        int want = Math.min(blockSize, segmentSize - read);
        read += in.readNBytes(blocks[b], 0, want);
      }
      if (read == 0) {
        return total;
      }
      total += read;
      int len = blockLength(read, k);
      if (len < blockSize) {
        // A short (hence last) segment with shorter blocks: lay it out again.
        relayout(read, len);
      }
      pad(read, len);
      code.encodeParity(blocks, 0, len, parity, 0);
      for (int i = 0; i < k; i++) {
        fragments[i].write(blocks[i], 0, len);
      }
      for (int i = k; i < n; i++) {
        fragments[i].write(parity[i - k], 0, len);
      }
      if (read < segmentSize) {
        return total;
      }
    }
  }

  /**
   * The length of every fragment of a file of {@code fileSize} bytes: the sum over its segments of
   * ceil(segment length / k).
   *
   * @param fileSize file bytes, &gt;= 0
   * @param k data shares, 1..256
   * @param segmentSize file bytes per segment, &gt;= 1
   * @return the fragment length in bytes; 0 for an empty file
   * @throws IllegalArgumentException if a parameter is out of range
   */
  public static long fragmentSize(long fileSize, int k, int segmentSize) {
    if (fileSize < 0) {
      throw new IllegalArgumentException("file size must not be negative, got " + fileSize);
    }
    new CodeParameters(k, CodeParameters.MAX_N);
    checkSegmentSize(segmentSize);
    long fullSegments = fileSize / segmentSize;
    int rest = (int) (fileSize % segmentSize);
    return fullSegments * blockLength(segmentSize, k) + blockLength(rest, k);
  }

  /** ceil(length / k). */
  static int blockLength(int length, int k) {
    return (int) (((long) length + k - 1) / k);
  }

  static void checkSegmentSize(int segmentSize) {
    if (segmentSize < 1) {
      throw new IllegalArgumentException("segment size must be at least 1, got " + segmentSize);
    }
  }

  private void allocate() {
    if (blocks == null) {
      blocks = new byte[code.k()][blockSize];
      parity = new byte[code.n() - code.k()][blockSize];
    }
  }

  /**
   * Moves the {@code read} bytes of a short segment, which sit in the blocks in full-segment layout
   * (block b holds segment bytes [b * blockSize, (b + 1) * blockSize)), into the layout for blocks
   * of {@code len} bytes. Happens at most once per file, so the extra copy does not matter.
   */
  private void relayout(int read, int len) {
    byte[] segment = new byte[read];
    for (int pos = 0, b = 0; pos < read; pos += blockSize, b++) {
      System.arraycopy(blocks[b], 0, segment, pos, Math.min(blockSize, read - pos));
    }
    for (int b = 0, pos = 0; pos < read; pos += len, b++) {
      System.arraycopy(segment, pos, blocks[b], 0, Math.min(len, read - pos));
    }
  }

  /**
   * Zero-pads a segment of {@code read} bytes laid out in blocks of {@code len} bytes: block b
   * holds segment bytes [b * len, (b + 1) * len), and whatever lies past the segment's end is
   * padding. Usually only the last block has any, but with a segment barely longer than a multiple
   * of k - 1 blocks several trailing blocks can be all padding.
   */
  private void pad(int read, int len) {
    for (int b = code.k() - 1; b >= 0; b--) {
      int filled = (int) Math.max(0, Math.min(len, read - (long) b * len));
      if (filled == len) {
        break;
      }
      Arrays.fill(blocks[b], filled, len, (byte) 0);
    }
  }

  private void checkFragments(OutputStream[] fragments) {
    if (fragments == null) {
      throw new IllegalArgumentException("fragment streams are null");
    }
    if (fragments.length != code.n()) {
      throw new IllegalArgumentException(
          "need n=" + code.n() + " fragment streams, got " + fragments.length);
    }
    for (int i = 0; i < fragments.length; i++) {
      if (fragments[i] == null) {
        throw new IllegalArgumentException("fragment stream " + i + " is null");
      }
    }
  }
}
