package magnus.codec;

/**
 * The portable kernel: plain Java with the flat 256 x 256 product table, no SIMD. It runs on any
 * JVM, and is the reference the vector kernel is checked against.
 *
 * <p>For each output, the inputs are folded in one at a time, each over a short chunk, so the
 * output chunk stays in the L1 cache while every input streams past it once per output. For a fixed
 * coefficient c only the 256-byte row {@code MUL[c << 8 ..]} of the table is touched, so the table
 * lookups hit L1 too. Coefficients 0 and 1, common in decoding matrices, skip the table.
 */
final class ScalarKernel extends CodingKernel {

  /** Bytes per chunk: outputs' chunks stay in L1 while the inputs stream past them. */
  private static final int CHUNK = 4096;

  @Override
  String name() {
    return "scalar";
  }

  @Override
  Plan plan(Matrix coefficients) {
    return new ScalarPlan(coefficients);
  }

  private static final class ScalarPlan extends Plan {
    /** The coefficients, row-major, as offsets {@code c << 8} of their rows in the MUL table. */
    private final int[] rowOffsets;

    ScalarPlan(Matrix m) {
      super(m);
      rowOffsets = new int[outputs * inputs];
      for (int r = 0; r < outputs; r++) {
        for (int c = 0; c < inputs; c++) {
          rowOffsets[r * inputs + c] = m.get(r, c) << 8;
        }
      }
    }

    @Override
    void apply(byte[][] in, int inOff, byte[][] out, int outOff, int len) {
      for (int start = 0; start < len; start += CHUNK) {
        int count = Math.min(CHUNK, len - start);
        for (int r = 0; r < outputs; r++) {
          byte[] o = out[r];
          int oOff = outOff + start;
          set(rowOffsets[r * inputs], in[0], inOff + start, o, oOff, count);
          for (int c = 1; c < inputs; c++) {
            add(rowOffsets[r * inputs + c], in[c], inOff + start, o, oOff, count);
          }
        }
      }
    }
  }

  /** o[oOff ..] = coefficient * x[xOff ..] for count bytes; the coefficient as its MUL row. */
  static void set(int base, byte[] x, int xOff, byte[] o, int oOff, int count) {
    if (base == 0) {
      java.util.Arrays.fill(o, oOff, oOff + count, (byte) 0);
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
