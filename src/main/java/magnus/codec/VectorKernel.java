package magnus.codec;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD kernel: GF(2^8) multiply-accumulate with byte shuffles, via the incubating Vector API.
 *
 * <p><b>Only {@link Kernels} may load this class</b>, and only after checking that the module
 * {@code jdk.incubator.vector} is in the boot layer; anywhere else its mere loading would fail.
 *
 * <h2>The split-nibble trick</h2>
 *
 * Multiplying by a fixed coefficient c is linear over GF(2), so for any byte x, {@code c * x = c *
 * (x & 0x0f) ^ c * (x & 0xf0)}. Each half takes one of 16 values, so two 16-entry tables per
 * coefficient replace the 256-entry one ({@link Galois#NIBBLES}). A byte shuffle ({@code rearrange}
 * / {@code selectFrom}: pshufb or vpermb on x86, tbl on ARM) looks a whole vector of indexes up in
 * a table held in a register: two shuffles and an XOR multiply a full vector of bytes by c.
 *
 * <p>The tables come in two layouts ({@link #PACKED} chooses):
 *
 * <ul>
 *   <li><b>Split</b>: one vector per 16-entry table, the table repeated in every 16-byte lane. The
 *       lookup is then right whether the hardware shuffle works within 128-bit lanes (pshufb) or
 *       across the vector (vpermb, where indexes 0..15 hit the first copy). It costs two table
 *       loads per coefficient.
 *   <li><b>Packed</b>: a 64-byte vector holds both tables of two coefficients (entries 0..15: low
 *       nibbles of the first, 16..31: its high nibbles, 32..63: the same for the second), looked up
 *       with indexes {@code lo}, {@code 16 + hi}, {@code 32 + lo}, {@code 48 + hi}. That needs a
 *       full-width byte shuffle (vpermb with AVX-512 VBMI) but loads a quarter as many table
 *       vectors, and table loads are what limits the split layout. It is only used on JDK 25 and
 *       later, whose {@code selectFrom} compiles to a bare vpermb; JDK 17's shuffle conversion adds
 *       index checks that cost more than the loads saved.
 * </ul>
 *
 * <h2>Loop structure</h2>
 *
 * Outputs are handled in groups of up to {@link #MAX_GROUP}. For one vector-width position, a
 * group's accumulators stay in registers while every input is loaded once, split into its nibble
 * index vectors once, and folded into all the accumulators; then each accumulator is stored once.
 * So each input byte is read once per group and each output byte written once, which is what lets
 * the kernel run near the shuffle units' throughput instead of memory's. The bigger the group, the
 * more shuffles share each input's load and index preparation. With more outputs than one group
 * holds (large n - k, or many erasures), the work is cut into chunks small enough that all inputs'
 * chunks stay in cache while each group re-reads them.
 *
 * <p>The group methods are written out by hand for each group size, because a loop over an array of
 * accumulators would not keep them in registers. The split ones are kept small on purpose: JDK 17's
 * C2 stops inlining after a fixed node count, and a Vector API call it fails to inline boxes its
 * vectors and runs 5-20 times slower. That budget fits four accumulators; newer JDKs, which dropped
 * the limit, get bigger groups.
 *
 * <p>Lengths that are not a multiple of the vector length finish with the scalar kernel's loops.
 */
final class VectorKernel extends CodingKernel {

  /**
   * The vector shape: the platform's preferred one (512 bits with AVX-512, 256 with AVX2, 128 with
   * NEON/SSE). Static final so that C2 treats it as a constant, which it must for the Vector API to
   * compile to plain SIMD instructions. System property {@code magnus.codec.vectorBits} (128, 256
   * or 512) overrides the choice, for measurements.
   */
  static final VectorSpecies<Byte> SPECIES = species();

  /** Bytes per vector. */
  static final int V = SPECIES.length();

  /** The Java feature release this runs on; the JIT's abilities depend on it. */
  private static final int JDK = Runtime.version().feature();

  /**
   * Whether tables use the packed layout: 64-byte vectors and a JDK (25+) that compiles {@code
   * selectFrom} to a bare full-width shuffle. System property {@code magnus.codec.vectorLayout}
   * ({@code split} or {@code packed}) overrides the choice, for measurements.
   */
  static final boolean PACKED =
      V == 64
          && System.getProperty("magnus.codec.vectorLayout", JDK >= 25 ? "packed" : "split")
              .equals("packed");

  /** Most outputs per group; see the class comment. */
  static final int MAX_GROUP = PACKED ? 6 : JDK >= 25 ? 5 : 4;

  /**
   * Input bytes (over all inputs) per chunk when outputs take more than one group: small enough
   * that the chunk is still in L2 when the next group reads it again.
   */
  private static final int CHUNK_BYTES = 256 * 1024;

  /**
   * Where a byte[]'s first element sits relative to the array object's start (16 on 64-bit HotSpot
   * with compressed class pointers), read from {@code sun.misc.Unsafe.ARRAY_BYTE_BASE_OFFSET}.
   *
   * <p>Why it matters: G1 puts every large array (half a heap region or more, i.e. 512 KB to 16 MB)
   * at the start of a region, so all of them start at the same address modulo the region size. A
   * caller that keeps each whole fragment in one big array then has its k input and n - k output
   * streams at the same offset modulo 2^21, which maps them all to the same set in every cache
   * level, and with the 16-byte header every 64-byte vector straddles two lines, one of which is
   * evicted before the next vector needs it. That halves the throughput. The kernel cannot see
   * addresses, but for exactly those arrays the object start is 64-byte aligned, so starting the
   * vector loop at index {@code -(ALIGN_BASE + offset) mod 64} (after a short scalar prologue)
   * makes every vector access line-aligned. For other arrays the alignment is unknown anyway, and
   * the prologue costs next to nothing.
   */
  private static final int ALIGN_BASE = arrayBaseOffset();

  /**
   * Blocks shorter than this skip the alignment prologue: there it would cost more than it saves.
   */
  private static final int ALIGN_MIN_LENGTH = 16 * 1024;

  private static int arrayBaseOffset() {
    try {
      return Class.forName("sun.misc.Unsafe").getField("ARRAY_BYTE_BASE_OFFSET").getInt(null);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return 16;
    }
  }

  private static VectorSpecies<Byte> species() {
    String bits = System.getProperty("magnus.codec.vectorBits", "");
    switch (bits) {
      case "128":
        return ByteVector.SPECIES_128;
      case "256":
        return ByteVector.SPECIES_256;
      case "512":
        return ByteVector.SPECIES_512;
      default:
        return ByteVector.SPECIES_PREFERRED;
    }
  }

  /**
   * Creates the kernel (called reflectively by {@link Kernels}).
   *
   * @throws IllegalStateException if vectors are shorter than a 16-entry table
   */
  VectorKernel() {
    if (V < 16) {
      throw new IllegalStateException("vectors of " + V + " bytes cannot hold a 16-entry table");
    }
  }

  @Override
  String name() {
    return "vector";
  }

  @Override
  String describe() {
    return "vector: "
        + V * 8
        + "-bit "
        + (PACKED ? "packed" : "split")
        + " nibble tables, groups of up to "
        + MAX_GROUP
        + " outputs";
  }

  @Override
  Plan plan(Matrix coefficients) {
    return new VectorPlan(coefficients);
  }

  private static final class VectorPlan extends Plan {
    /** First output row of each group, plus a final entry equal to {@code outputs}. */
    private final int[] groupStart;

    /** Offset of each group's tables in {@link #tables}. */
    private final int[] tableStart;

    /**
     * The nibble tables, in the layout {@link #PACKED} selects. Per group: for input c, for each
     * output r of the group: coefficient (r, c)'s tables (split: 2 vectors; packed: half a vector).
     * So the group methods walk it strictly forward.
     */
    private final byte[] tables;

    /** Coefficients as MUL-table row offsets, row-major, for the scalar tail. */
    private final int[] rowOffsets;

    VectorPlan(Matrix m) {
      super(m);
      int groups = (outputs + MAX_GROUP - 1) / MAX_GROUP;
      groupStart = new int[groups + 1];
      tableStart = new int[groups];
      // Spread the outputs evenly: 5 outputs with groups of 4 become 3 + 2, not 4 + 1.
      for (int g = 0; g <= groups; g++) {
        groupStart[g] = (int) ((long) outputs * g / groups);
      }
      tables = new byte[tableBytes(groups)];
      int p = 0;
      for (int g = 0; g < groups; g++) {
        tableStart[g] = p;
        for (int c = 0; c < inputs; c++) {
          for (int r = groupStart[g]; r < groupStart[g + 1]; r++) {
            p = PACKED ? packTable(m.get(r, c), p) : splitTables(m.get(r, c), p);
          }
          if (PACKED && (groupStart[g + 1] - groupStart[g]) % 2 != 0) {
            p += V / 2; // an odd group leaves the second half of its last vector unused
          }
        }
      }
      rowOffsets = new int[outputs * inputs];
      for (int r = 0; r < outputs; r++) {
        for (int c = 0; c < inputs; c++) {
          rowOffsets[r * inputs + c] = m.get(r, c) << 8;
        }
      }
    }

    private int tableBytes(int groups) {
      int bytes = 0;
      for (int g = 0; g < groups; g++) {
        int size = groupStart[g + 1] - groupStart[g];
        bytes += inputs * (PACKED ? (size + 1) / 2 * V : size * 2 * V);
      }
      return bytes;
    }

    /** Writes coefficient c's low and high tables, each repeated across a vector, at p. */
    private int splitTables(int c, int p) {
      for (int half = 0; half < 2; half++) {
        for (int i = 0; i < V; i++) {
          tables[p++] = Galois.NIBBLES[32 * c + 16 * half + (i & 15)];
        }
      }
      return p;
    }

    /**
     * Writes coefficient c's 32 table bytes (low then high nibbles) at p: the first half of a
     * packed vector for an even position in the group, the second half for an odd one.
     */
    private int packTable(int c, int p) {
      System.arraycopy(Galois.NIBBLES, 32 * c, tables, p, 32);
      return p + 32;
    }

    @Override
    long footprint() {
      return tables.length + 4L * rowOffsets.length;
    }

    @Override
    void apply(byte[][] in, int inOff, byte[][] out, int outOff, int len) {
      // Start the vector loop where the inputs are (probably) cache-line aligned; see ALIGN_BASE.
      int skip = len >= ALIGN_MIN_LENGTH ? Math.floorMod(-(ALIGN_BASE + inOff), 64) % V : 0;
      if (skip > 0) {
        tail(in, inOff, out, outOff, 0, skip);
        inOff += skip;
        outOff += skip;
        len -= skip;
      }
      int vectorLen = len - len % V;
      int groups = tableStart.length;
      int chunk = groups == 1 ? vectorLen : Math.max(V, CHUNK_BYTES / inputs / V * V);
      for (int start = 0; start < vectorLen; start += chunk) {
        int count = Math.min(chunk, vectorLen - start);
        for (int g = 0; g < groups; g++) {
          int r = groupStart[g];
          int t = tableStart[g];
          int i = inOff + start;
          int o = outOff + start;
          int size = groupStart[g + 1] - r;
          if (PACKED) {
            packedGroup(size, tables, t, in, i, out, r, o, count);
          } else {
            splitGroup(size, tables, t, in, i, out, r, o, count);
          }
        }
      }
      if (vectorLen < len) {
        tail(in, inOff, out, outOff, vectorLen, len - vectorLen);
      }
    }

    private void tail(byte[][] in, int inOff, byte[][] out, int outOff, int from, int count) {
      for (int r = 0; r < outputs; r++) {
        int base = r * inputs;
        ScalarKernel.set(rowOffsets[base], in[0], inOff + from, out[r], outOff + from, count);
        for (int c = 1; c < inputs; c++) {
          ScalarKernel.add(rowOffsets[base + c], in[c], inOff + from, out[r], outOff + from, count);
        }
      }
    }
  }

  private static void splitGroup(
      int size,
      byte[] t,
      int p,
      byte[][] in,
      int inOff,
      byte[][] out,
      int r,
      int outOff,
      int count) {
    switch (size) {
      case 1:
        group1(t, p, in, inOff, out[r], outOff, count);
        break;
      case 2:
        group2(t, p, in, inOff, out[r], out[r + 1], outOff, count);
        break;
      case 3:
        group3(t, p, in, inOff, out[r], out[r + 1], out[r + 2], outOff, count);
        break;
      case 4:
        group4(t, p, in, inOff, out[r], out[r + 1], out[r + 2], out[r + 3], outOff, count);
        break;
      default:
        group5(
            t, p, in, inOff, out[r], out[r + 1], out[r + 2], out[r + 3], out[r + 4], outOff, count);
        break;
    }
  }

  private static void packedGroup(
      int size,
      byte[] t,
      int p,
      byte[][] in,
      int inOff,
      byte[][] out,
      int r,
      int outOff,
      int count) {
    switch (size) {
      case 1:
        packed1(t, p, in, inOff, out[r], outOff, count);
        break;
      case 2:
        packed2(t, p, in, inOff, out[r], out[r + 1], outOff, count);
        break;
      case 3:
        packed3(t, p, in, inOff, out[r], out[r + 1], out[r + 2], outOff, count);
        break;
      case 4:
        packed4(t, p, in, inOff, out[r], out[r + 1], out[r + 2], out[r + 3], outOff, count);
        break;
      case 5:
        packed5(
            t, p, in, inOff, out[r], out[r + 1], out[r + 2], out[r + 3], out[r + 4], outOff, count);
        break;
      default:
        packed6(
            t,
            p,
            in,
            inOff,
            out[r],
            out[r + 1],
            out[r + 2],
            out[r + 3],
            out[r + 4],
            out[r + 5],
            outOff,
            count);
        break;
    }
  }

  // The packed group methods (JDK 25+, 64-byte vectors). Output j of a group uses half j % 2 of
  // table vector j / 2: indexes lo and 16 + hi for the first half, 32 + lo and 48 + hi for the
  // second.

  /** {@code table[lo] ^ table[hi]}, lane by lane. */
  private static ByteVector lookup(ByteVector table, ByteVector lo, ByteVector hi) {
    return lo.selectFrom(table).lanewise(VectorOperators.XOR, hi.selectFrom(table));
  }

  /** The high nibble of every byte, 0..15: shifted within 16-bit lanes (x86 has no byte shift). */
  private static ByteVector highNibble(ByteVector x) {
    return x.reinterpretAsShorts()
        .lanewise(VectorOperators.LSHR, 4)
        .reinterpretAsBytes()
        .and((byte) 0x0f);
  }

  private static void packed1(
      byte[] t, int p, byte[][] in, int inOff, byte[] o0, int outOff, int count) {
    int inputs = in.length;
    for (int i = 0; i < count; i += V) {
      ByteVector a0 = ByteVector.zero(SPECIES);
      for (int c = 0, q = p; c < inputs; c++, q += V) {
        ByteVector x = ByteVector.fromArray(SPECIES, in[c], inOff + i);
        ByteVector lo = x.and((byte) 0x0f);
        ByteVector hi = highNibble(x).or((byte) 0x10);
        ByteVector t0 = ByteVector.fromArray(SPECIES, t, q);
        a0 = a0.lanewise(VectorOperators.XOR, lookup(t0, lo, hi));
      }
      a0.intoArray(o0, outOff + i);
    }
  }

  private static void packed2(
      byte[] t, int p, byte[][] in, int inOff, byte[] o0, byte[] o1, int outOff, int count) {
    int inputs = in.length;
    for (int i = 0; i < count; i += V) {
      ByteVector a0 = ByteVector.zero(SPECIES);
      ByteVector a1 = a0;
      for (int c = 0, q = p; c < inputs; c++, q += V) {
        ByteVector x = ByteVector.fromArray(SPECIES, in[c], inOff + i);
        ByteVector lo = x.and((byte) 0x0f);
        ByteVector hi = highNibble(x).or((byte) 0x10);
        ByteVector lo2 = lo.or((byte) 0x20);
        ByteVector hi2 = hi.or((byte) 0x20);
        ByteVector t0 = ByteVector.fromArray(SPECIES, t, q);
        a0 = a0.lanewise(VectorOperators.XOR, lookup(t0, lo, hi));
        a1 = a1.lanewise(VectorOperators.XOR, lookup(t0, lo2, hi2));
      }
      a0.intoArray(o0, outOff + i);
      a1.intoArray(o1, outOff + i);
    }
  }

  private static void packed3(
      byte[] t,
      int p,
      byte[][] in,
      int inOff,
      byte[] o0,
      byte[] o1,
      byte[] o2,
      int outOff,
      int count) {
    int inputs = in.length;
    for (int i = 0; i < count; i += V) {
      ByteVector a0 = ByteVector.zero(SPECIES);
      ByteVector a1 = a0;
      ByteVector a2 = a0;
      for (int c = 0, q = p; c < inputs; c++, q += 2 * V) {
        ByteVector x = ByteVector.fromArray(SPECIES, in[c], inOff + i);
        ByteVector lo = x.and((byte) 0x0f);
        ByteVector hi = highNibble(x).or((byte) 0x10);
        ByteVector lo2 = lo.or((byte) 0x20);
        ByteVector hi2 = hi.or((byte) 0x20);
        ByteVector t0 = ByteVector.fromArray(SPECIES, t, q);
        ByteVector t1 = ByteVector.fromArray(SPECIES, t, q + V);
        a0 = a0.lanewise(VectorOperators.XOR, lookup(t0, lo, hi));
        a1 = a1.lanewise(VectorOperators.XOR, lookup(t0, lo2, hi2));
        a2 = a2.lanewise(VectorOperators.XOR, lookup(t1, lo, hi));
      }
      a0.intoArray(o0, outOff + i);
      a1.intoArray(o1, outOff + i);
      a2.intoArray(o2, outOff + i);
    }
  }

  private static void packed4(
      byte[] t,
      int p,
      byte[][] in,
      int inOff,
      byte[] o0,
      byte[] o1,
      byte[] o2,
      byte[] o3,
      int outOff,
      int count) {
    int inputs = in.length;
    for (int i = 0; i < count; i += V) {
      ByteVector a0 = ByteVector.zero(SPECIES);
      ByteVector a1 = a0;
      ByteVector a2 = a0;
      ByteVector a3 = a0;
      for (int c = 0, q = p; c < inputs; c++, q += 2 * V) {
        ByteVector x = ByteVector.fromArray(SPECIES, in[c], inOff + i);
        ByteVector lo = x.and((byte) 0x0f);
        ByteVector hi = highNibble(x).or((byte) 0x10);
        ByteVector lo2 = lo.or((byte) 0x20);
        ByteVector hi2 = hi.or((byte) 0x20);
        ByteVector t0 = ByteVector.fromArray(SPECIES, t, q);
        ByteVector t1 = ByteVector.fromArray(SPECIES, t, q + V);
        a0 = a0.lanewise(VectorOperators.XOR, lookup(t0, lo, hi));
        a1 = a1.lanewise(VectorOperators.XOR, lookup(t0, lo2, hi2));
        a2 = a2.lanewise(VectorOperators.XOR, lookup(t1, lo, hi));
        a3 = a3.lanewise(VectorOperators.XOR, lookup(t1, lo2, hi2));
      }
      a0.intoArray(o0, outOff + i);
      a1.intoArray(o1, outOff + i);
      a2.intoArray(o2, outOff + i);
      a3.intoArray(o3, outOff + i);
    }
  }

  private static void packed5(
      byte[] t,
      int p,
      byte[][] in,
      int inOff,
      byte[] o0,
      byte[] o1,
      byte[] o2,
      byte[] o3,
      byte[] o4,
      int outOff,
      int count) {
    int inputs = in.length;
    for (int i = 0; i < count; i += V) {
      ByteVector a0 = ByteVector.zero(SPECIES);
      ByteVector a1 = a0;
      ByteVector a2 = a0;
      ByteVector a3 = a0;
      ByteVector a4 = a0;
      for (int c = 0, q = p; c < inputs; c++, q += 3 * V) {
        ByteVector x = ByteVector.fromArray(SPECIES, in[c], inOff + i);
        ByteVector lo = x.and((byte) 0x0f);
        ByteVector hi = highNibble(x).or((byte) 0x10);
        ByteVector lo2 = lo.or((byte) 0x20);
        ByteVector hi2 = hi.or((byte) 0x20);
        ByteVector t0 = ByteVector.fromArray(SPECIES, t, q);
        ByteVector t1 = ByteVector.fromArray(SPECIES, t, q + V);
        ByteVector t2 = ByteVector.fromArray(SPECIES, t, q + 2 * V);
        a0 = a0.lanewise(VectorOperators.XOR, lookup(t0, lo, hi));
        a1 = a1.lanewise(VectorOperators.XOR, lookup(t0, lo2, hi2));
        a2 = a2.lanewise(VectorOperators.XOR, lookup(t1, lo, hi));
        a3 = a3.lanewise(VectorOperators.XOR, lookup(t1, lo2, hi2));
        a4 = a4.lanewise(VectorOperators.XOR, lookup(t2, lo, hi));
      }
      a0.intoArray(o0, outOff + i);
      a1.intoArray(o1, outOff + i);
      a2.intoArray(o2, outOff + i);
      a3.intoArray(o3, outOff + i);
      a4.intoArray(o4, outOff + i);
    }
  }

  private static void packed6(
      byte[] t,
      int p,
      byte[][] in,
      int inOff,
      byte[] o0,
      byte[] o1,
      byte[] o2,
      byte[] o3,
      byte[] o4,
      byte[] o5,
      int outOff,
      int count) {
    int inputs = in.length;
    for (int i = 0; i < count; i += V) {
      ByteVector a0 = ByteVector.zero(SPECIES);
      ByteVector a1 = a0;
      ByteVector a2 = a0;
      ByteVector a3 = a0;
      ByteVector a4 = a0;
      ByteVector a5 = a0;
      for (int c = 0, q = p; c < inputs; c++, q += 3 * V) {
        ByteVector x = ByteVector.fromArray(SPECIES, in[c], inOff + i);
        ByteVector lo = x.and((byte) 0x0f);
        ByteVector hi = highNibble(x).or((byte) 0x10);
        ByteVector lo2 = lo.or((byte) 0x20);
        ByteVector hi2 = hi.or((byte) 0x20);
        ByteVector t0 = ByteVector.fromArray(SPECIES, t, q);
        ByteVector t1 = ByteVector.fromArray(SPECIES, t, q + V);
        ByteVector t2 = ByteVector.fromArray(SPECIES, t, q + 2 * V);
        a0 = a0.lanewise(VectorOperators.XOR, lookup(t0, lo, hi));
        a1 = a1.lanewise(VectorOperators.XOR, lookup(t0, lo2, hi2));
        a2 = a2.lanewise(VectorOperators.XOR, lookup(t1, lo, hi));
        a3 = a3.lanewise(VectorOperators.XOR, lookup(t1, lo2, hi2));
        a4 = a4.lanewise(VectorOperators.XOR, lookup(t2, lo, hi));
        a5 = a5.lanewise(VectorOperators.XOR, lookup(t2, lo2, hi2));
      }
      a0.intoArray(o0, outOff + i);
      a1.intoArray(o1, outOff + i);
      a2.intoArray(o2, outOff + i);
      a3.intoArray(o3, outOff + i);
      a4.intoArray(o4, outOff + i);
      a5.intoArray(o5, outOff + i);
    }
  }

  // The split group methods. count is a multiple of V. Each vector position: load each input once,
  // split it into low and high nibble shuffles, fold table[lo] ^ table[hi] into each accumulator.
  // The high nibble is shifted within 16-bit lanes and masked, which is cheaper than a byte-wise
  // unsigned shift (x86 has no byte shifts).

  private static VectorShuffle<Byte> low(ByteVector x) {
    return x.and((byte) 0x0f).toShuffle();
  }

  private static VectorShuffle<Byte> high(ByteVector x) {
    return highNibble(x).toShuffle();
  }

  private static void group1(
      byte[] t, int p, byte[][] in, int inOff, byte[] o0, int outOff, int count) {
    int inputs = in.length;
    for (int i = 0; i < count; i += V) {
      ByteVector a0 = ByteVector.zero(SPECIES);
      for (int c = 0, q = p; c < inputs; c++, q += 2 * V) {
        ByteVector x = ByteVector.fromArray(SPECIES, in[c], inOff + i);
        VectorShuffle<Byte> lo = low(x);
        VectorShuffle<Byte> hi = high(x);
        a0 =
            a0.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, q).rearrange(lo))
                .lanewise(
                    VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, q + V).rearrange(hi));
      }
      a0.intoArray(o0, outOff + i);
    }
  }

  private static void group2(
      byte[] t, int p, byte[][] in, int inOff, byte[] o0, byte[] o1, int outOff, int count) {
    int inputs = in.length;
    for (int i = 0; i < count; i += V) {
      ByteVector a0 = ByteVector.zero(SPECIES);
      ByteVector a1 = a0;
      for (int c = 0, q = p; c < inputs; c++, q += 4 * V) {
        ByteVector x = ByteVector.fromArray(SPECIES, in[c], inOff + i);
        VectorShuffle<Byte> lo = low(x);
        VectorShuffle<Byte> hi = high(x);
        a0 =
            a0.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, q).rearrange(lo))
                .lanewise(
                    VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, q + V).rearrange(hi));
        a1 =
            a1.lanewise(
                    VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, q + 2 * V).rearrange(lo))
                .lanewise(
                    VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, q + 3 * V).rearrange(hi));
      }
      a0.intoArray(o0, outOff + i);
      a1.intoArray(o1, outOff + i);
    }
  }

  private static void group3(
      byte[] t,
      int p,
      byte[][] in,
      int inOff,
      byte[] o0,
      byte[] o1,
      byte[] o2,
      int outOff,
      int count) {
    int inputs = in.length;
    for (int i = 0; i < count; i += V) {
      ByteVector a0 = ByteVector.zero(SPECIES);
      ByteVector a1 = a0;
      ByteVector a2 = a0;
      for (int c = 0, q = p; c < inputs; c++, q += 6 * V) {
        ByteVector x = ByteVector.fromArray(SPECIES, in[c], inOff + i);
        VectorShuffle<Byte> lo = low(x);
        VectorShuffle<Byte> hi = high(x);
        a0 =
            a0.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, q).rearrange(lo))
                .lanewise(
                    VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, q + V).rearrange(hi));
        a1 =
            a1.lanewise(
                    VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, q + 2 * V).rearrange(lo))
                .lanewise(
                    VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, q + 3 * V).rearrange(hi));
        a2 =
            a2.lanewise(
                    VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, q + 4 * V).rearrange(lo))
                .lanewise(
                    VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, q + 5 * V).rearrange(hi));
      }
      a0.intoArray(o0, outOff + i);
      a1.intoArray(o1, outOff + i);
      a2.intoArray(o2, outOff + i);
    }
  }

  private static void group4(
      byte[] t,
      int p,
      byte[][] in,
      int inOff,
      byte[] o0,
      byte[] o1,
      byte[] o2,
      byte[] o3,
      int outOff,
      int count) {
    int inputs = in.length;
    for (int i = 0; i < count; i += V) {
      ByteVector a0 = ByteVector.zero(SPECIES);
      ByteVector a1 = a0;
      ByteVector a2 = a0;
      ByteVector a3 = a0;
      for (int c = 0, q = p; c < inputs; c++, q += 8 * V) {
        ByteVector x = ByteVector.fromArray(SPECIES, in[c], inOff + i);
        VectorShuffle<Byte> lo = low(x);
        VectorShuffle<Byte> hi = high(x);
        a0 =
            a0.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, q).rearrange(lo))
                .lanewise(
                    VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, q + V).rearrange(hi));
        a1 =
            a1.lanewise(
                    VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, q + 2 * V).rearrange(lo))
                .lanewise(
                    VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, q + 3 * V).rearrange(hi));
        a2 =
            a2.lanewise(
                    VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, q + 4 * V).rearrange(lo))
                .lanewise(
                    VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, q + 5 * V).rearrange(hi));
        a3 =
            a3.lanewise(
                    VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, q + 6 * V).rearrange(lo))
                .lanewise(
                    VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, q + 7 * V).rearrange(hi));
      }
      a0.intoArray(o0, outOff + i);
      a1.intoArray(o1, outOff + i);
      a2.intoArray(o2, outOff + i);
      a3.intoArray(o3, outOff + i);
    }
  }

  /** Only used where {@link #MAX_GROUP} is 5 (split layout on JDK 25 and later). */
  private static void group5(
      byte[] t,
      int p,
      byte[][] in,
      int inOff,
      byte[] o0,
      byte[] o1,
      byte[] o2,
      byte[] o3,
      byte[] o4,
      int outOff,
      int count) {
    int inputs = in.length;
    for (int i = 0; i < count; i += V) {
      ByteVector a0 = ByteVector.zero(SPECIES);
      ByteVector a1 = a0;
      ByteVector a2 = a0;
      ByteVector a3 = a0;
      ByteVector a4 = a0;
      for (int c = 0, q = p; c < inputs; c++, q += 10 * V) {
        ByteVector x = ByteVector.fromArray(SPECIES, in[c], inOff + i);
        VectorShuffle<Byte> lo = low(x);
        VectorShuffle<Byte> hi = high(x);
        a0 =
            a0.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, q).rearrange(lo))
                .lanewise(
                    VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, q + V).rearrange(hi));
        a1 =
            a1.lanewise(
                    VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, q + 2 * V).rearrange(lo))
                .lanewise(
                    VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, q + 3 * V).rearrange(hi));
        a2 =
            a2.lanewise(
                    VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, q + 4 * V).rearrange(lo))
                .lanewise(
                    VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, q + 5 * V).rearrange(hi));
        a3 =
            a3.lanewise(
                    VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, q + 6 * V).rearrange(lo))
                .lanewise(
                    VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, q + 7 * V).rearrange(hi));
        a4 =
            a4.lanewise(
                    VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, q + 8 * V).rearrange(lo))
                .lanewise(
                    VectorOperators.XOR, ByteVector.fromArray(SPECIES, t, q + 9 * V).rearrange(hi));
      }
      a0.intoArray(o0, outOff + i);
      a1.intoArray(o1, outOff + i);
      a2.intoArray(o2, outOff + i);
      a3.intoArray(o3, outOff + i);
      a4.intoArray(o4, outOff + i);
    }
  }
}
