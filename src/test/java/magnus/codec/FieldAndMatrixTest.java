package magnus.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** GF(2^8) arithmetic and matrices over it. */
class FieldAndMatrixTest {

  /** Carry-less multiplication reduced by 0x11d, bit by bit: independent of Galois's tables. */
  private static int referenceMul(int a, int b) {
    int product = 0;
    for (int i = 0; i < 8; i++) {
      if ((b >> i & 1) != 0) {
        product ^= a << i;
      }
    }
    for (int bit = 14; bit >= 8; bit--) {
      if ((product >> bit & 1) != 0) {
        product ^= 0x11d << (bit - 8);
      }
    }
    return product;
  }

  @Test
  void alphaGeneratesEveryNonZeroElement() {
    Set<Integer> seen = new HashSet<>();
    for (int e = 0; e < 255; e++) {
      seen.add(Galois.exp(e));
      assertThat(Galois.log(Galois.exp(e))).isEqualTo(e);
    }
    assertThat(seen).hasSize(255).doesNotContain(0);
    assertThat(Galois.exp(255)).isEqualTo(1);
    assertThat(Galois.exp(8)).isEqualTo(0x1d); // x^8 = x^4 + x^3 + x^2 + 1
  }

  @Test
  void multiplicationMatchesCarrylessProductModuloThePolynomial() {
    for (int a = 0; a < 256; a++) {
      for (int b = 0; b < 256; b++) {
        assertThat(Galois.mul(a, b)).as("%d * %d", a, b).isEqualTo(referenceMul(a, b));
        assertThat(Galois.MUL[a << 8 | b] & 0xff).isEqualTo(referenceMul(a, b));
      }
    }
  }

  @Test
  void fieldIdentitiesHoldForAllPairs() {
    for (int a = 0; a < 256; a++) {
      assertThat(Galois.mul(a, 1)).isEqualTo(a);
      assertThat(Galois.mul(a, 0)).isZero();
      assertThat(Galois.add(a, a)).isZero();
      if (a != 0) {
        assertThat(Galois.mul(a, Galois.inverse(a))).isEqualTo(1);
        assertThat(Galois.pow(a, 255)).isEqualTo(1);
      }
      for (int b = 0; b < 256; b++) {
        assertThat(Galois.mul(a, b)).isEqualTo(Galois.mul(b, a));
        if (b != 0) {
          assertThat(Galois.mul(Galois.div(a, b), b)).as("(%d / %d) * %d", a, b, b).isEqualTo(a);
          assertThat(Galois.div(Galois.mul(a, b), b)).isEqualTo(a);
        }
      }
    }
    Random random = new Random(3);
    for (int t = 0; t < 20000; t++) {
      int a = random.nextInt(256);
      int b = random.nextInt(256);
      int c = random.nextInt(256);
      assertThat(Galois.mul(a, Galois.mul(b, c))).isEqualTo(Galois.mul(Galois.mul(a, b), c));
      assertThat(Galois.mul(a, b ^ c)).isEqualTo(Galois.mul(a, b) ^ Galois.mul(a, c));
    }
  }

  @Test
  void powersAgreeWithRepeatedMultiplication() {
    for (int a = 0; a < 256; a++) {
      int power = 1;
      for (int e = 0; e < 300; e++) {
        assertThat(Galois.pow(a, e)).as("%d^%d", a, e).isEqualTo(power);
        power = Galois.mul(power, a);
      }
    }
    assertThat(Galois.pow(0, 0)).isEqualTo(1);
  }

  @Test
  void divisionByZeroAndLogOfZeroAreErrors() {
    assertThatThrownBy(() -> Galois.div(5, 0))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("division by zero");
    assertThatThrownBy(() -> Galois.inverse(0)).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> Galois.log(0))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("log of zero");
  }

  @Test
  void nibbleTablesMultiplyEveryByte() {
    for (int c = 0; c < 256; c++) {
      for (int x = 0; x < 256; x++) {
        int low = Galois.NIBBLES[32 * c + (x & 15)] & 0xff;
        int high = Galois.NIBBLES[32 * c + 16 + (x >>> 4)] & 0xff;
        assertThat(low ^ high).isEqualTo(Galois.mul(c, x));
      }
    }
  }

  @Test
  void rizzoVandermondeRows() {
    Matrix v = Matrix.vandermonde(5, 3);
    // Row 0 evaluates at 0, row r >= 1 at alpha^(r-1).
    assertThat(v.row(0)).containsExactly(1, 0, 0);
    assertThat(v.row(1)).containsExactly(1, 1, 1);
    assertThat(v.row(2)).containsExactly(1, 2, 4);
    assertThat(v.row(3)).containsExactly(1, 4, 16);
    assertThat(v.row(4)).containsExactly(1, 8, 64);
    assertThatThrownBy(() -> Matrix.vandermonde(257, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("n=257");
  }

  @Test
  void inverseTimesMatrixIsIdentity() {
    Random random = new Random(5);
    for (int size : new int[] {1, 2, 3, 5, 8, 17, 64}) {
      for (int t = 0; t < 5; t++) {
        Matrix m = randomMatrix(random, size, size);
        Matrix inverse;
        try {
          inverse = m.invert();
        } catch (IllegalArgumentException singular) {
          continue; // random matrices are sometimes singular; the checks below cover that
        }
        assertThat(inverse.times(m)).isEqualTo(Matrix.identity(size));
        assertThat(m.times(inverse)).isEqualTo(Matrix.identity(size));
        assertThat(inverse.invert()).isEqualTo(m);
      }
    }
    // Any k rows of the (systematic) encoding matrix of the largest code are invertible.
    Matrix v = Matrix.vandermonde(256, 256);
    Matrix inverse = v.invert();
    assertThat(inverse.times(v)).isEqualTo(Matrix.identity(256));
  }

  @Test
  void singularMatrixIsAClearError() {
    Matrix singular = Matrix.of(3, 3, 1, 2, 3, 2, 4, 6, 7, 8, 9); // row 1 = 2 * row 0
    assertThatThrownBy(singular::invert)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("matrix is singular: column 2 has no non-zero pivot");
    assertThatThrownBy(() -> Matrix.of(2, 2, 0, 0, 0, 0).invert())
        .hasMessage("matrix is singular: column 0 has no non-zero pivot");
    assertThatThrownBy(() -> Matrix.of(2, 3, 1, 2, 3, 4, 5, 6).invert())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2x3");
  }

  @Test
  void subMatricesAndProducts() {
    Matrix m = Matrix.of(3, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(m.subMatrix(1, 3, 0, 2)).isEqualTo(Matrix.of(2, 2, 4, 5, 7, 8));
    assertThat(m.selectRows(2, 0)).isEqualTo(Matrix.of(2, 3, 7, 8, 9, 1, 2, 3));
    assertThat(Matrix.identity(3).times(m)).isEqualTo(m);
    assertThat(m.times(Matrix.identity(3))).isEqualTo(m);
    // [1 2] x [3; 4] = 1*3 ^ 2*4 = 3 ^ 8 = 11
    assertThat(Matrix.of(1, 2, 1, 2).times(Matrix.of(2, 1, 3, 4))).isEqualTo(Matrix.of(1, 1, 11));
    assertThatThrownBy(() -> m.times(Matrix.of(2, 2, 1, 2, 3, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot multiply a 3x3 matrix by a 2x2 matrix");
    assertThatThrownBy(() -> m.subMatrix(0, 4, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Matrix.of(2, 2, 1, 2, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a 2x2 matrix needs 4 entries, got 3");
    assertThatThrownBy(() -> m.get(3, 0)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void encodingMatrixIsSystematic() {
    for (int[] kn : new int[][] {{1, 1}, {3, 5}, {10, 14}, {100, 256}, {256, 256}}) {
      ReedSolomon code = ReedSolomon.of(kn[0], kn[1]);
      for (int r = 0; r < kn[0]; r++) {
        for (int c = 0; c < kn[0]; c++) {
          assertThat(code.coefficient(r, c)).isEqualTo(r == c ? 1 : 0);
        }
      }
    }
    // k = 1: every share is a copy of the data (each row evaluates a constant polynomial).
    ReedSolomon copies = ReedSolomon.of(1, 256);
    for (int r = 0; r < 256; r++) {
      assertThat(copies.coefficient(r, 0)).isEqualTo(1);
    }
  }

  static Matrix randomMatrix(Random random, int rows, int cols) {
    int[] entries = new int[rows * cols];
    for (int i = 0; i < entries.length; i++) {
      entries[i] = random.nextInt(256);
    }
    return Matrix.of(rows, cols, entries);
  }
}
