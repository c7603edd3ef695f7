package magnus.codec;

import java.util.Arrays;

/**
 * The portable kernel: plain Java, no SIMD. It runs on any JVM, and is the reference the vector
 * kernel is checked against.
 *
 * <h2>Packed product tables</h2>
 *
 * The obvious loop does one 256-entry table lookup per byte per output. This one does one lookup
 * per byte per <em>group</em> of outputs instead: for input c and a group of up to 8 outputs, entry
 * b of a 256-entry {@code long} table holds the 8 products {@code coefficient(r, c) * b} of the
 * group's outputs, one per byte. XORing the entries for every input's byte at a position gives all
 * the group's output bytes at that position at once, still packed; they are unpacked into the
 * output arrays at the end. GF(2^8) addition is XOR, so the packed bytes never interfere. Groups of
 * at most 4 outputs use {@code int} tables, which are smaller and a little faster.
 *
 * <p>Per chunk of positions, inputs are folded into an accumulator array one at a time, a simple
 * loop of byte load, table load, XOR; the chunk is small enough that the accumulators and the
 * group's tables stay in L1 / L2.
 *
 * <p>The static {@link #set} and {@link #add} loops (one coefficient, plain product table) also
 * serve the vector kernel for the bytes past its last full vector.
 */
final class ScalarKernel extends CodingKernel {

  /** Positions per chunk: the accumulators (32 KB at most) stay in cache. */
  private static final int CHUNK = 4096;

  /** Most outputs in one {@code int}-table group. */
  private static final int NARROW = 4;

  /** Most outputs in one {@code long}-table group. */
  private static final int WIDE = 8;

  @Override
  String name() {
    return "scalar";
  }

  @Override
  String describe() {
    return "scalar: packed product tables, up to " + WIDE + " outputs per lookup";
  }

  @Override
  Plan plan(Matrix coefficients) {
    return new ScalarPlan(coefficients);
  }

  private static final class ScalarPlan extends Plan {
    /** First output row of each group, plus a final entry equal to {@code outputs}. */
    private final int[] groupStart;

    /** Per group: int tables (groups of at most NARROW outputs), else null. */
    private final int[][] narrow;

    /** Per group: long tables (groups of more than NARROW outputs), else null. */
    private final long[][] wide;

    ScalarPlan(Matrix m) {
      super(m);
      int groups = outputs <= NARROW ? 1 : (outputs + WIDE - 1) / WIDE;
      groupStart = new int[groups + 1];
      // Spread outputs evenly over the groups: 9 outputs become 5 + 4, not 8 + 1.
      for (int g = 0; g <= groups; g++) {
        groupStart[g] = (int) ((long) outputs * g / groups);
      }
      narrow = new int[groups][];
      wide = new long[groups][];
      for (int g = 0; g < groups; g++) {
        int first = groupStart[g];
        int size = groupStart[g + 1] - first;
        if (size <= NARROW) {
          narrow[g] = new int[inputs * 256];
        } else {
          wide[g] = new long[inputs * 256];
        }
        for (int c = 0; c < inputs; c++) {
          for (int b = 0; b < 256; b++) {
            long packed = 0;
            for (int j = 0; j < size; j++) {
              packed |= (long) Galois.mul(m.get(first + j, c), b) << (8 * j);
            }
            if (size <= NARROW) {
              narrow[g][c << 8 | b] = (int) packed;
            } else {
              wide[g][c << 8 | b] = packed;
            }
          }
        }
      }
    }

    @Override
    long footprint() {
      long bytes = 0;
      for (int g = 0; g < narrow.length; g++) {
        bytes += narrow[g] != null ? 4L * narrow[g].length : 8L * wide[g].length;
      }
      return bytes;
    }

    @Override
    void apply(byte[][] in, int inOff, byte[][] out, int outOff, int len) {
      int chunk = Math.min(CHUNK, len);
      int[] narrowAcc = null;
      long[] wideAcc = null;
      for (int start = 0; start < len; start += chunk) {
        int count = Math.min(chunk, len - start);
        for (int g = 0; g < narrow.length; g++) {
          int first = groupStart[g];
          int size = groupStart[g + 1] - first;
          if (narrow[g] != null) {
            if (narrowAcc == null) {
              narrowAcc = new int[chunk];
            }
            accumulate(narrow[g], in, inOff + start, narrowAcc, count);
            for (int j = 0; j < size; j++) {
              unpack(narrowAcc, 8 * j, out[first + j], outOff + start, count);
            }
          } else {
            if (wideAcc == null) {
              wideAcc = new long[chunk];
            }
            accumulate(wide[g], in, inOff + start, wideAcc, count);
            for (int j = 0; j < size; j++) {
              unpack(wideAcc, 8 * j, out[first + j], outOff + start, count);
            }
          }
        }
      }
    }
  }

  /** acc[i] = XOR over inputs c of table[c][in[c][inOff + i]], for i in [0, count). */
  private static void accumulate(int[] table, byte[][] in, int inOff, int[] acc, int count) {
    byte[] x = in[0];
    for (int i = 0; i < count; i++) {
      acc[i] = table[x[inOff + i] & 0xff];
    }
    for (int c = 1; c < in.length; c++) {
      x = in[c];
      int base = c << 8;
      for (int i = 0; i < count; i++) {
        acc[i] ^= table[base | (x[inOff + i] & 0xff)];
      }
    }
  }

  private static void accumulate(long[] table, byte[][] in, int inOff, long[] acc, int count) {
    byte[] x = in[0];
    for (int i = 0; i < count; i++) {
      acc[i] = table[x[inOff + i] & 0xff];
    }
    for (int c = 1; c < in.length; c++) {
      x = in[c];
      int base = c << 8;
      for (int i = 0; i < count; i++) {
        acc[i] ^= table[base | (x[inOff + i] & 0xff)];
      }
    }
  }

  /** o[oOff + i] = byte {@code shift / 8} of acc[i]. */
  private static void unpack(int[] acc, int shift, byte[] o, int oOff, int count) {
    for (int i = 0; i < count; i++) {
      o[oOff + i] = (byte) (acc[i] >>> shift);
    }
  }

  private static void unpack(long[] acc, int shift, byte[] o, int oOff, int count) {
    for (int i = 0; i < count; i++) {
      o[oOff + i] = (byte) (acc[i] >>> shift);
    }
  }

  /** o[oOff ..] = coefficient * x[xOff ..] for count bytes; the coefficient as its MUL row. */
  static void set(int base, byte[] x, int xOff, byte[] o, int oOff, int count) {
    if (base == 0) {
      Arrays.fill(o, oOff, oOff + count, (byte) 0);
    } else if (base == 1 << 8) {
      System.arraycopy(x, xOff, o, oOff, count);
    } else {
      byte[] mul = Galois.MUL;
      for (int i = 0; i < count; i++) {
        o[oOff + i] = mul[base | (x[xOff + i] & 0xff)];
      }
    }
  }

  /** o[oOff ..] ^= coefficient * x[xOff ..] for count bytes; the coefficient as its MUL row. */
  static void add(int base, byte[] x, int xOff, byte[] o, int oOff, int count) {
    if (base == 0) {
      return;
    }
    if (base == 1 << 8) {
      for (int i = 0; i < count; i++) {
        o[oOff + i] ^= x[xOff + i];
      }
    } else {
      byte[] mul = Galois.MUL;
      for (int i = 0; i < count; i++) {
        o[oOff + i] ^= mul[base | (x[xOff + i] & 0xff)];
      }
    }
  }
}
