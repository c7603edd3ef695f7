package magnus.codec;

import java.util.Arrays;

/**
 * A matrix over GF(2^8), stored row-major in one flat array. Small and only used to build coding
 * matrices (never on the data path), so clarity wins over speed here.
 *
 * <p>Immutable from the outside: every operation returns a new matrix, and {@link #get} / {@link
 * #row} hand out values or copies.
 */
final class Matrix {
  private final int rows;
  private final int cols;
  private final byte[] cells;

  private Matrix(int rows, int cols, byte[] cells) {
    this.rows = rows;
    this.cols = cols;
    this.cells = cells;
  }

  /**
   * A rows x cols matrix with the given entries (row-major, each 0..255).
   *
   * @throws IllegalArgumentException if a dimension is not positive or the entries do not fill the
   *     matrix exactly
   */
  static Matrix of(int rows, int cols, int... entries) {
    checkDimensions(rows, cols);
    if (entries.length != rows * cols) {
      throw new IllegalArgumentException(
          "a "
              + rows
              + "x"
              + cols
              + " matrix needs "
              + rows * cols
              + " entries, got "
              + entries.length);
    }
    byte[] cells = new byte[rows * cols];
    for (int i = 0; i < cells.length; i++) {
      cells[i] = (byte) entries[i];
    }
    return new Matrix(rows, cols, cells);
  }

  /** The size x size identity matrix. */
  static Matrix identity(int size) {
    checkDimensions(size, size);
    byte[] cells = new byte[size * size];
    for (int i = 0; i < size; i++) {
      cells[i * size + i] = 1;
    }
    return new Matrix(size, size, cells);
  }

  /**
   * Rizzo's n x k Vandermonde-like matrix, the starting point of zfec's code.
   *
   * <p>Row r is the "evaluation" of a polynomial of degree &lt; k at a point p_r: entry (r, c) is
   * p_r^c. Rizzo picks p_0 = 0 (so row 0 is [1, 0, ..., 0], using 0^0 = 1) and p_r = alpha^(r-1)
   * for r &gt;= 1. These n points are distinct for n &lt;= 256 (0 and the 255 powers of alpha are
   * all the field's elements), and any k rows of a Vandermonde matrix with distinct points are
   * linearly independent: a polynomial of degree &lt; k with k roots is zero. That independence is
   * the whole erasure code: any k shares determine the data.
   *
   * @throws IllegalArgumentException unless 1 &lt;= k &lt;= n &lt;= 256
   */
  static Matrix vandermonde(int n, int k) {
    if (k < 1 || k > n || n > Galois.SIZE) {
      throw new IllegalArgumentException("need 1 <= k <= n <= 256, got k=" + k + ", n=" + n);
    }
    byte[] cells = new byte[n * k];
    cells[0] = 1;
    for (int r = 1; r < n; r++) {
      int point = Galois.exp(r - 1);
      for (int c = 0; c < k; c++) {
        cells[r * k + c] = (byte) Galois.pow(point, c);
      }
    }
    return new Matrix(n, k, cells);
  }

  int rows() {
    return rows;
  }

  int cols() {
    return cols;
  }

  /** Entry (r, c), 0..255. */
  int get(int r, int c) {
    checkIndex(r, c);
    return cells[r * cols + c] & 0xff;
  }

  /** A copy of row r. */
  byte[] row(int r) {
    checkIndex(r, 0);
    return Arrays.copyOfRange(cells, r * cols, (r + 1) * cols);
  }

  /** this x other. */
  Matrix times(Matrix other) {
    if (cols != other.rows) {
      throw new IllegalArgumentException(
          "cannot multiply a "
              + rows
              + "x"
              + cols
              + " matrix by a "
              + other.rows
              + "x"
              + other.cols
              + " matrix");
    }
    byte[] out = new byte[rows * other.cols];
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < cols; i++) {
        int a = cells[r * cols + i] & 0xff;
        if (a == 0) {
          continue;
        }
        for (int c = 0; c < other.cols; c++) {
          out[r * other.cols + c] ^= (byte) Galois.mul(a, other.cells[i * other.cols + c]);
        }
      }
    }
    return new Matrix(rows, other.cols, out);
  }

  /** Rows [fromRow, toRow) and columns [fromCol, toCol) of this matrix. */
  Matrix subMatrix(int fromRow, int toRow, int fromCol, int toCol) {
    if (fromRow < 0
        || toRow > rows
        || fromRow >= toRow
        || fromCol < 0
        || toCol > cols
        || fromCol >= toCol) {
      throw new IllegalArgumentException(
          "sub-matrix rows ["
              + fromRow
              + ", "
              + toRow
              + ") cols ["
              + fromCol
              + ", "
              + toCol
              + ") is empty or outside a "
              + rows
              + "x"
              + cols
              + " matrix");
    }
    int newCols = toCol - fromCol;
    byte[] out = new byte[(toRow - fromRow) * newCols];
    for (int r = fromRow; r < toRow; r++) {
      System.arraycopy(cells, r * cols + fromCol, out, (r - fromRow) * newCols, newCols);
    }
    return new Matrix(toRow - fromRow, newCols, out);
  }

  /** The matrix made of the given rows of this one, in the given order. */
  Matrix selectRows(int... rowIndexes) {
    if (rowIndexes.length == 0) {
      throw new IllegalArgumentException("no rows selected");
    }
    byte[] out = new byte[rowIndexes.length * cols];
    for (int i = 0; i < rowIndexes.length; i++) {
      checkIndex(rowIndexes[i], 0);
      System.arraycopy(cells, rowIndexes[i] * cols, out, i * cols, cols);
    }
    return new Matrix(rowIndexes.length, cols, out);
  }

  /**
   * The inverse, by Gauss-Jordan elimination on [this | I].
   *
   * <p>Each column in turn gets a non-zero pivot (swapping a lower row up if needed), the pivot row
   * is scaled so the pivot is 1, and the pivot's column is cleared from every other row. When the
   * left half has become I, the right half is the inverse. In GF(2^8) there is no rounding, so
   * there is no need for partial pivoting on magnitude: any non-zero pivot is exact.
   *
   * @throws IllegalArgumentException if the matrix is not square, or singular (some column has no
   *     non-zero pivot left), naming the column
   */
  Matrix invert() {
    if (rows != cols) {
      throw new IllegalArgumentException(
          "only a square matrix has an inverse; this one is " + rows + "x" + cols);
    }
    int size = rows;
    int width = 2 * size;
    byte[] work = new byte[size * width];
    for (int r = 0; r < size; r++) {
      System.arraycopy(cells, r * size, work, r * width, size);
      work[r * width + size + r] = 1;
    }
    for (int col = 0; col < size; col++) {
      int pivot = col;
      while (pivot < size && work[pivot * width + col] == 0) {
        pivot++;
      }
      if (pivot == size) {
        throw new IllegalArgumentException(
            "matrix is singular: column " + col + " has no non-zero pivot");
      }
      if (pivot != col) {
        swapRows(work, width, pivot, col);
      }
      int scale = Galois.inverse(work[col * width + col] & 0xff);
      if (scale != 1) {
        for (int c = 0; c < width; c++) {
          work[col * width + c] = (byte) Galois.mul(scale, work[col * width + c]);
        }
      }
      for (int r = 0; r < size; r++) {
        int factor = work[r * width + col] & 0xff;
        if (r == col || factor == 0) {
          continue;
        }
        for (int c = 0; c < width; c++) {
          work[r * width + c] ^= (byte) Galois.mul(factor, work[col * width + c]);
        }
      }
    }
    byte[] out = new byte[size * size];
    for (int r = 0; r < size; r++) {
      System.arraycopy(work, r * width + size, out, r * size, size);
    }
    return new Matrix(size, size, out);
  }

  private static void swapRows(byte[] work, int width, int a, int b) {
    byte[] tmp = Arrays.copyOfRange(work, a * width, (a + 1) * width);
    System.arraycopy(work, b * width, work, a * width, width);
    System.arraycopy(tmp, 0, work, b * width, width);
  }

  private void checkIndex(int r, int c) {
    if (r < 0 || r >= rows || c < 0 || c >= cols) {
      throw new IndexOutOfBoundsException(
          "(" + r + ", " + c + ") is outside a " + rows + "x" + cols + " matrix");
    }
  }

  private static void checkDimensions(int rows, int cols) {
    if (rows < 1 || cols < 1) {
      throw new IllegalArgumentException(
          "matrix dimensions must be positive, got " + rows + "x" + cols);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Matrix m
        && m.rows == rows
        && m.cols == cols
        && Arrays.equals(m.cells, cells);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * rows + cols) + Arrays.hashCode(cells);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    for (int r = 0; r < rows; r++) {
      s.append(r == 0 ? "[" : " ");
      for (int c = 0; c < cols; c++) {
        s.append(c == 0 ? "[" : " ").append(String.format("%02x", cells[r * cols + c] & 0xff));
      }
      s.append(r == rows - 1 ? "]]" : "]\n");
    }
    return s.toString();
  }
}
