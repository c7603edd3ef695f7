package magnus.codec;

/**
 * Arithmetic in the finite field GF(2^8), the field zfec (and therefore Magnus) codes over.
 *
 * <p>An element is a byte, read as a polynomial of degree &lt; 8 over GF(2): bit i is the
 * coefficient of x^i. Addition is carry-less, i.e. XOR. Multiplication is polynomial multiplication
 * reduced modulo the primitive polynomial x^8 + x^4 + x^3 + x^2 + 1 ({@code 0x11d}). That
 * polynomial is the one in Rizzo's {@code fec.c}; any other degree-8 irreducible polynomial gives
 * an isomorphic field, but a different numbering of its elements and hence different parity bytes,
 * so byte-compatibility with zfec pins this exact choice.
 *
 * <p>Because the polynomial is primitive, x (the element 2, called alpha) generates the
 * multiplicative group: alpha^0 .. alpha^254 run through all 255 non-zero elements exactly once.
 * That gives the exp/log tables: {@code a * b = exp[log a + log b]} for non-zero a and b. From them
 * this class builds the tables the coding kernels need: a flat 256 x 256 product table and, per
 * coefficient, two 16-entry "nibble" tables.
 *
 * <p>All methods take and return field elements as {@code int}s in 0..255. Immutable tables, so the
 * class is thread-safe.
 */
final class Galois {

  /** x^8 + x^4 + x^3 + x^2 + 1: the field's primitive polynomial, as in Rizzo's fec.c. */
  static final int POLYNOMIAL = 0x11d;

  /** The generator alpha = x. */
  static final int GENERATOR = 2;

  /** Size of the field. */
  static final int SIZE = 256;

  /**
   * {@code EXP[i] = alpha^i} for 0 &lt;= i &lt; 510. The table is doubled (alpha^255 = alpha^0) so
   * that {@code EXP[LOG[a] + LOG[b]]} needs no reduction modulo 255.
   */
  private static final int[] EXP = new int[2 * 255];

  /** {@code LOG[alpha^i] = i} for non-zero elements; LOG[0] is unused. */
  private static final int[] LOG = new int[SIZE];

  /**
   * {@code MUL[(a << 8) | b] = a * b}: the full product table, flat so that a kernel can index it
   * with one shift and one OR, and with the row for a fixed coefficient a contiguous 256 bytes.
   */
  static final byte[] MUL = new byte[SIZE * SIZE];

  /**
   * Split-nibble tables, 32 bytes per coefficient c: bytes {@code [32c, 32c + 16)} hold {@code c *
   * i} and bytes {@code [32c + 16, 32c + 32)} hold {@code c * (i << 4)}, for i in 0..15.
   * Multiplication by c is linear over GF(2), so for any byte x, {@code c * x = c * (x & 15) ^ c *
   * (x & 0xf0)}: two 16-entry lookups, which is exactly what a SIMD byte-shuffle can do.
   */
  static final byte[] NIBBLES = new byte[SIZE * 32];

  static {
    int x = 1;
    for (int i = 0; i < 255; i++) {
      EXP[i] = x;
      EXP[i + 255] = x;
      LOG[x] = i;
      // Multiply by alpha: shift left, and if x^8 appeared, subtract (XOR) the polynomial.
      x <<= 1;
      if ((x & 0x100) != 0) {
        x ^= POLYNOMIAL;
      }
    }
    for (int a = 0; a < SIZE; a++) {
      for (int b = 0; b < SIZE; b++) {
        MUL[(a << 8) | b] = (byte) slowMul(a, b);
      }
      for (int i = 0; i < 16; i++) {
        NIBBLES[32 * a + i] = MUL[(a << 8) | i];
        NIBBLES[32 * a + 16 + i] = MUL[(a << 8) | (i << 4)];
      }
    }
  }

  private Galois() {}

  private static int slowMul(int a, int b) {
    return a == 0 || b == 0 ? 0 : EXP[LOG[a] + LOG[b]];
  }

  /** a + b (= a - b): XOR. */
  static int add(int a, int b) {
    return (a ^ b) & 0xff;
  }

  /** a * b. */
  static int mul(int a, int b) {
    return MUL[((a & 0xff) << 8) | (b & 0xff)] & 0xff;
  }

  /**
   * a / b.
   *
   * @throws ArithmeticException if b is zero
   */
  static int div(int a, int b) {
    if (b == 0) {
      throw new ArithmeticException("division by zero in GF(2^8)");
    }
    if (a == 0) {
      return 0;
    }
    return EXP[LOG[a] - LOG[b] + 255];
  }

  /**
   * The multiplicative inverse of a.
   *
   * @throws ArithmeticException if a is zero
   */
  static int inverse(int a) {
    return div(1, a);
  }

  /** alpha^e for any e &gt;= 0. */
  static int exp(int e) {
    return EXP[e % 255];
  }

  /**
   * The discrete logarithm of a to base alpha, in 0..254.
   *
   * @throws ArithmeticException if a is zero
   */
  static int log(int a) {
    if (a == 0) {
      throw new ArithmeticException("log of zero in GF(2^8)");
    }
    return LOG[a];
  }

  /** a^e for e &gt;= 0, with 0^0 = 1 (the convention a Vandermonde matrix's first column needs). */
  static int pow(int a, int e) {
    if (e == 0) {
      return 1;
    }
    if (a == 0) {
      return 0;
    }
    return EXP[(int) ((long) LOG[a] * e % 255)];
  }
}
