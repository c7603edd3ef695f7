package magnus.codec;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A systematic (k, n) Reed-Solomon erasure code over GF(2^8) whose shares are byte-identical to
 * zfec's (Luigi Rizzo's Vandermonde code, as used by Tahoe-LAFS).
 *
 * <p>A <em>stripe</em> is k equal-length data blocks. The code turns it into n shares of the same
 * length: shares 0..k-1 are the data blocks themselves ("systematic"), shares k..n-1 are parity.
 * Any k of the n shares rebuild the data.
 *
 * <h2>Construction</h2>
 *
 * <ol>
 *   <li>Start from Rizzo's n x k Vandermonde matrix V (see {@link Matrix#vandermonde}): row 0
 *       evaluates at 0, i.e. is [1, 0, ..., 0]; row r &gt;= 1 evaluates at alpha^(r-1), i.e. its
 *       entry in column c is (alpha^(r-1))^c. The field is GF(2^8) with polynomial 0x11d and alpha
 *       = 2 (see {@link Galois}). Any k rows of V are invertible.
 *   <li>Make it systematic: the encoding matrix is E = V x inverse(top k x k of V). Its top k rows
 *       are the identity, so shares 0..k-1 are the data unchanged. E is V times an invertible
 *       matrix, so any k rows of E are still invertible: losing any n - k shares stays harmless.
 *       Share i = row i of E times the data blocks (byte by byte).
 *   <li>To decode from shares with indexes s_0..s_{k-1}: the rows E[s_j] form a k x k matrix A with
 *       A x data = shares, so data = inverse(A) x shares. Only the rows of inverse(A) for missing
 *       data shares are needed; data shares that survived are copied. Each inverse is cached per
 *       erasure pattern, and when all k data shares are present there is no arithmetic at all.
 * </ol>
 *
 * <p>This is exactly what zfec does (checked against zfec's output by the known-answer tests), so
 * shares made here can be decoded by zfec's {@code Decoder} and vice versa.
 *
 * <h2>Kernels</h2>
 *
 * The byte arithmetic runs in a <em>kernel</em>: {@code "scalar"} (portable Java, packed product
 * tables) or {@code "vector"} (SIMD byte shuffles via the incubating Vector API; only when the JVM
 * runs with {@code --add-modules jdk.incubator.vector}). By default the fastest available kernel is
 * used; system property {@code magnus.codec.kernel=scalar|vector|auto} overrides that. All kernels
 * produce identical bytes.
 *
 * <p>Instances are immutable and thread-safe; {@link #of} may be called freely (building a code
 * costs a k x k inversion and an n x k by k x k product, microseconds for usual codes).
 */
public final class ReedSolomon {

  /** The largest n: {@link CodeParameters#MAX_N}. */
  public static final int MAX_SHARES = CodeParameters.MAX_N;

  /** Decode plans kept per code before the cache is cleared; one per erasure pattern seen. */
  private static final int DECODE_CACHE_LIMIT = 1024;

  /**
   * Table memory the cached decode plans of one code may hold before the cache is cleared. Plans of
   * wide codes are large (a (100, 256) plan can take megabytes), so the count alone is no bound.
   */
  private static final long DECODE_CACHE_BYTES = 64L << 20;

  private final int k;
  private final int n;
  private final CodingKernel kernel;
  private final Matrix encoding;
  private final CodingKernel.Plan parityPlan;
  private final Map<Pattern, DecodePlan> decodePlans = new ConcurrentHashMap<>();

  /** Sum of the cached plans' footprints; guarded by {@code decodePlans}' monitor. */
  private long decodePlanBytes;

  private ReedSolomon(int k, int n, CodingKernel kernel) {
    this.k = k;
    this.n = n;
    this.kernel = kernel;
    Matrix vandermonde = Matrix.vandermonde(n, k);
    this.encoding = vandermonde.times(vandermonde.subMatrix(0, k, 0, k).invert());
    this.parityPlan = n > k ? kernel.plan(encoding.subMatrix(k, n, 0, k)) : null;
  }

  /**
   * The code for k data shares out of n, using the default kernel.
   *
   * @param k data shares, any k of the n shares rebuild the data; 1 &lt;= k &lt;= n
   * @param n total shares; k &lt;= n &lt;= 256
   * @return the code; never null
   * @throws IllegalArgumentException if k &lt; 1, k &gt; n or n &gt; 256, saying which
   * @throws IllegalStateException if system property {@code magnus.codec.kernel} names a kernel
   *     that is unknown or cannot run in this JVM
   */
  public static ReedSolomon of(int k, int n) {
    checkParameters(k, n);
    return new ReedSolomon(k, n, Kernels.defaultKernel());
  }

  /**
   * The code for k data shares out of n, using the named kernel.
   *
   * @param k data shares; 1 &lt;= k &lt;= n
   * @param n total shares; k &lt;= n &lt;= 256
   * @param kernel {@code "scalar"}, {@code "vector"} or {@code "auto"} (see {@link
   *     #availableKernels()})
   * @return the code; never null
   * @throws IllegalArgumentException if k or n is out of range, or the kernel is unknown or cannot
   *     run in this JVM (the message says why)
   */
  public static ReedSolomon of(int k, int n, String kernel) {
    checkParameters(k, n);
    Objects.requireNonNull(kernel, "kernel");
    return new ReedSolomon(k, n, Kernels.byName(kernel));
  }

  /**
   * The name of the kernel that {@link #of(int, int)} uses in this JVM: {@code "vector"} or {@code
   * "scalar"}.
   */
  public static String kernelName() {
    return Kernels.defaultKernel().name();
  }

  /**
   * How the default kernel works in this JVM, e.g. {@code "vector: 512-bit packed nibble tables,
   * groups of up to 6 outputs"}; for logs and benchmark reports.
   *
   * @throws IllegalStateException if system property {@code magnus.codec.kernel} names a kernel
   *     that is unknown or cannot run in this JVM
   */
  public static String kernelDescription() {
    return Kernels.defaultKernel().describe();
  }

  /** The kernels this JVM can run, {@code "scalar"} first; never empty. */
  public static List<String> availableKernels() {
    return Kernels.available();
  }

  /** Why the vector kernel is not available, or null when it is. */
  public static String vectorKernelProblem() {
    return Kernels.vectorProblem();
  }

  /** The number of data shares, any k of the n shares rebuild the data. */
  public int k() {
    return k;
  }

  /** The total number of shares. */
  public int n() {
    return n;
  }

  /** The name of the kernel this code runs on. */
  public String kernel() {
    return kernel.name();
  }

  /**
   * The coefficient of data block {@code column} in share {@code row}: entry (row, column) of the n
   * x k encoding matrix. Rows 0..k-1 are the identity.
   *
   * @throws IndexOutOfBoundsException unless 0 &lt;= row &lt; n and 0 &lt;= column &lt; k
   */
  public int coefficient(int row, int column) {
    return encoding.get(row, column);
  }

  /**
   * Computes the n - k parity shares of one stripe. Does nothing when k = n.
   *
   * @param data k data blocks; bytes [off, off + len) of each are read, nothing is written
   * @param off offset into every data block, &gt;= 0
   * @param len bytes per block, &gt;= 0
   * @param parity n - k output blocks (parity share k + j goes to {@code parity[j]}); bytes
   *     [parityOff, parityOff + len) of each are overwritten, nothing else is touched. Must not
   *     overlap the data.
   * @param parityOff offset into every parity block, &gt;= 0
   * @throws IllegalArgumentException if the array counts are not k and n - k, a block is null or
   *     too short, or an offset or length is negative; the message names the block
   */
  public void encodeParity(byte[][] data, int off, int len, byte[][] parity, int parityOff) {
    checkBlocks("data", data, k, off, len);
    checkBlocks("parity", parity, n - k, parityOff, len);
    if (parityPlan != null && len > 0) {
      parityPlan.apply(data, off, parity, parityOff, len);
    }
  }

  /**
   * Encodes a whole stripe, like zfec's {@code Encoder(k, n).encode(blocks)}.
   *
   * @param data k data blocks, all of the same length
   * @return n new shares of that length: copies of the k data blocks, then the n - k parity shares
   * @throws IllegalArgumentException if there are not k blocks, one is null, or their lengths
   *     differ
   */
  public byte[][] encode(byte[][] data) {
    Objects.requireNonNull(data, "data");
    if (data.length != k) {
      throw new IllegalArgumentException("need k=" + k + " data blocks, got " + data.length);
    }
    int len = checkEqualLengths("data block", data);
    byte[][] shares = new byte[n][];
    for (int i = 0; i < k; i++) {
      shares[i] = data[i].clone();
    }
    byte[][] parity = new byte[n - k][len];
    System.arraycopy(parity, 0, shares, k, n - k);
    encodeParity(data, 0, len, parity, 0);
    return shares;
  }

  /**
   * Rebuilds the k data blocks from any k distinct shares.
   *
   * <p>More than k shares may be given; then k are used, data shares first (they cost nothing),
   * then the parity shares with the lowest indexes. When all data shares are among them, the data
   * is copied without any arithmetic. Where {@code out[i]} is the very array holding data share i
   * and {@code off} is 0, that copy is skipped; {@link #decodeMissing} skips all such copies.
   *
   * @param indexes share index (0..n-1) of each given share, at least k distinct values
   * @param shares the shares, in the order of {@code indexes}; bytes [off, off + len) of each are
   *     read
   * @param off offset into every share, &gt;= 0
   * @param len bytes per share, &gt;= 0
   * @param out k data blocks, each at least len bytes; bytes [0, len) of each are written. Must not
   *     overlap the shares (except as above)
   * @throws IllegalArgumentException if fewer than k shares are given, {@code indexes} and {@code
   *     shares} differ in length, an index is out of range or repeated, a block is null or too
   *     short, or {@code out} does not hold k blocks; the message names the culprit
   */
  public void decode(int[] indexes, byte[][] shares, int off, int len, byte[][] out) {
    int[] position = positions(indexes, shares, off, len);
    checkBlocks("output", out, k, 0, len);
    rebuild(position, shares, off, len, out, 0);
    for (int i = 0; i < k; i++) {
      if (position[i] >= 0) {
        copy(shares[position[i]], off, out[i], len);
      }
    }
  }

  /**
   * Rebuilds only the data blocks that are missing from the given shares, like ISA-L's decode: data
   * shares that were given are neither copied nor touched. For callers that already hold the
   * surviving data blocks where they need them.
   *
   * <p>The k shares used are chosen as in {@link #decode(int[], byte[][], int, int, byte[][])}, so
   * every data share given is used, and the blocks rebuilt are exactly the data indexes 0..k-1 that
   * do not appear in {@code indexes}.
   *
   * @param indexes share index (0..n-1) of each given share, at least k distinct values
   * @param shares the shares, in the order of {@code indexes}; bytes [off, off + len) of each are
   *     read
   * @param off offset into every share, &gt;= 0
   * @param len bytes per share, &gt;= 0
   * @param out k slots, one per data block: for each missing data block i, bytes [outOff, outOff +
   *     len) of {@code out[i]} are overwritten; the slots of data blocks that were given are
   *     ignored and may be null. Must not overlap the shares
   * @param outOff offset into every rebuilt block, &gt;= 0
   * @return the indexes of the rebuilt data blocks, ascending; empty when all data shares were
   *     given
   * @throws IllegalArgumentException for the same bad arguments as {@code decode}, or if {@code
   *     out} does not have k slots or a slot to be written is null or too short
   */
  public int[] decodeMissing(
      int[] indexes, byte[][] shares, int off, int len, byte[][] out, int outOff) {
    int[] position = positions(indexes, shares, off, len);
    if (out == null || out.length != k) {
      throw new IllegalArgumentException(
          "need " + k + " output slots, got " + (out == null ? "null" : out.length));
    }
    int[] missing = new int[k];
    int count = 0;
    for (int i = 0; i < k; i++) {
      if (position[i] < 0) {
        missing[count++] = i;
        checkBlock("output", i, out[i], outOff, len);
      }
    }
    rebuild(position, shares, off, len, out, outOff);
    return Arrays.copyOf(missing, count);
  }

  /**
   * Checks the arguments common to both decode methods.
   *
   * @return for each share index 0..n-1, its position among the arguments, or -1
   */
  private int[] positions(int[] indexes, byte[][] shares, int off, int len) {
    Objects.requireNonNull(indexes, "indexes");
    Objects.requireNonNull(shares, "shares");
    if (indexes.length != shares.length) {
      throw new IllegalArgumentException(
          "got " + indexes.length + " share indexes but " + shares.length + " shares");
    }
    if (indexes.length < k) {
      throw new IllegalArgumentException(
          "fewer than k shares: need k=" + k + ", got " + indexes.length);
    }
    checkBlocks("share", shares, shares.length, off, len);
    int[] position = new int[n];
    Arrays.fill(position, -1);
    for (int j = 0; j < indexes.length; j++) {
      int index = indexes[j];
      if (index < 0 || index >= n) {
        throw new IllegalArgumentException(
            "share index " + index + " out of range [0, " + n + ") at position " + j);
      }
      if (position[index] >= 0) {
        throw new IllegalArgumentException(
            "duplicate share index " + index + " at positions " + position[index] + " and " + j);
      }
      position[index] = j;
    }
    return position;
  }

  /**
   * Writes the missing data blocks into {@code out[i]} at {@code outOff}: chooses k shares in
   * ascending index order (so data shares first), and applies the cached plan for that pattern.
   * Does nothing when every data share is present: then there is nothing to compute.
   */
  private void rebuild(
      int[] position, byte[][] shares, int off, int len, byte[][] out, int outOff) {
    int[] chosen = new int[k];
    int count = 0;
    for (int i = 0; i < n && count < k; i++) {
      if (position[i] >= 0) {
        chosen[count++] = i;
      }
    }
    if (chosen[k - 1] == k - 1 || len == 0) {
      return;
    }
    DecodePlan plan = decodePlan(chosen);
    byte[][] inputs = new byte[k][];
    for (int j = 0; j < k; j++) {
      inputs[j] = shares[position[chosen[j]]];
    }
    byte[][] rebuilt = new byte[plan.missing.length][];
    for (int m = 0; m < plan.missing.length; m++) {
      rebuilt[m] = out[plan.missing[m]];
    }
    plan.plan.apply(inputs, off, rebuilt, outOff, len);
  }

  /**
   * Rebuilds the k data blocks from any k (or more) shares, like zfec's {@code Decoder(k,
   * n).decode(blocks, sharenums)}.
   *
   * @param shares shares keyed by share index, at least k, all of the same length
   * @return k new data blocks of that length
   * @throws IllegalArgumentException if fewer than k shares are given, an index is out of range, a
   *     share is null or the lengths differ
   */
  public byte[][] decode(Map<Integer, byte[]> shares) {
    Objects.requireNonNull(shares, "shares");
    int[] indexes = new int[shares.size()];
    byte[][] blocks = new byte[shares.size()][];
    int j = 0;
    for (Map.Entry<Integer, byte[]> e : shares.entrySet()) {
      indexes[j] = Objects.requireNonNull(e.getKey(), "share index");
      blocks[j] = e.getValue();
      if (blocks[j] == null) {
        throw new IllegalArgumentException("share " + indexes[j] + " is null");
      }
      j++;
    }
    if (blocks.length < k) {
      throw new IllegalArgumentException(
          "fewer than k shares: need k=" + k + ", got " + blocks.length);
    }
    int len = checkEqualLengths("share", blocks);
    byte[][] out = new byte[k][len];
    decode(indexes, blocks, 0, len, out);
    return out;
  }

  /** The number of decode plans (erasure patterns) currently cached; for tests. */
  int cachedDecodePlans() {
    return decodePlans.size();
  }

  @Override
  public String toString() {
    return "ReedSolomon(k=" + k + ", n=" + n + ", kernel=" + kernel.name() + ")";
  }

  /** The (cached) plan for rebuilding the missing data shares from the sorted share indexes. */
  private DecodePlan decodePlan(int[] chosen) {
    Pattern pattern = Pattern.of(chosen);
    DecodePlan plan = decodePlans.get(pattern);
    if (plan != null) {
      return plan;
    }
    plan = newDecodePlan(chosen);
    long bytes = plan.plan.footprint();
    synchronized (decodePlans) {
      DecodePlan raced = decodePlans.get(pattern);
      if (raced != null) {
        return raced;
      }
      if (decodePlans.size() >= DECODE_CACHE_LIMIT
          || decodePlanBytes + bytes > DECODE_CACHE_BYTES) {
        // Crude but bounded: erasure patterns rarely change, so a full cache is rare.
        decodePlans.clear();
        decodePlanBytes = 0;
      }
      decodePlans.put(pattern, plan);
      decodePlanBytes += bytes;
    }
    return plan;
  }

  private DecodePlan newDecodePlan(int[] chosen) {
    Matrix inverse = encoding.selectRows(chosen).invert();
    int[] missing = new int[k];
    int count = 0;
    int next = 0;
    for (int i = 0; i < k; i++) {
      if (next < k && chosen[next] == i) {
        next++;
      } else {
        missing[count++] = i;
      }
    }
    missing = Arrays.copyOf(missing, count);
    return new DecodePlan(missing, kernel.plan(inverse.selectRows(missing)));
  }

  private static void copy(byte[] from, int off, byte[] to, int len) {
    if (from != to || off != 0) {
      System.arraycopy(from, off, to, 0, len);
    }
  }

  private static void checkParameters(int k, int n) {
    new CodeParameters(k, n);
  }

  private static void checkBlocks(String what, byte[][] blocks, int count, int off, int len) {
    if (blocks == null) {
      throw new IllegalArgumentException(what + " blocks are null");
    }
    if (blocks.length != count) {
      throw new IllegalArgumentException(
          "need " + count + " " + what + " blocks, got " + blocks.length);
    }
    if (off < 0 || len < 0) {
      throw new IllegalArgumentException(
          "negative " + what + " offset or length: offset " + off + ", length " + len);
    }
    for (int i = 0; i < count; i++) {
      if (blocks[i] == null) {
        throw new IllegalArgumentException(what + " block " + i + " is null");
      }
      if ((long) off + len > blocks[i].length) {
        throw new IllegalArgumentException(
            what
                + " block "
                + i
                + " has "
                + blocks[i].length
                + " bytes, too short for offset "
                + off
                + " + length "
                + len);
      }
    }
  }

  private static void checkBlock(String what, int i, byte[] block, int off, int len) {
    if (block == null) {
      throw new IllegalArgumentException(what + " block " + i + " is null");
    }
    if (off < 0 || (long) off + len > block.length) {
      throw new IllegalArgumentException(
          what
              + " block "
              + i
              + " has "
              + block.length
              + " bytes, too short for offset "
              + off
              + " + length "
              + len);
    }
  }

  private static int checkEqualLengths(String what, byte[][] blocks) {
    int len = -1;
    for (int i = 0; i < blocks.length; i++) {
      if (blocks[i] == null) {
        throw new IllegalArgumentException(what + " " + i + " is null");
      }
      if (len < 0) {
        len = blocks[i].length;
      } else if (blocks[i].length != len) {
        throw new IllegalArgumentException(
            "unequal share lengths: "
                + what
                + " "
                + i
                + " has "
                + blocks[i].length
                + " bytes, the first has "
                + len);
      }
    }
    return Math.max(len, 0);
  }

  /** A set of share indexes 0..255 as a 256-bit set: the cache key of a decode plan. */
  private record Pattern(long w0, long w1, long w2, long w3) {
    static Pattern of(int[] indexes) {
      long[] w = new long[4];
      for (int i : indexes) {
        w[i >>> 6] |= 1L << i;
      }
      return new Pattern(w[0], w[1], w[2], w[3]);
    }
  }

  /** Which data shares are missing, and the plan that rebuilds them from the chosen shares. */
  private record DecodePlan(int[] missing, CodingKernel.Plan plan) {}
}
