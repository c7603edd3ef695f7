package magnus.codec;

/** A systematic (k, n) Reed-Solomon code over GF(2^8), byte-compatible with zfec. Skeleton. */
public final class ReedSolomon {
  private final int k;
  private final int n;

  private ReedSolomon(int k, int n) {
    this.k = k;
    this.n = n;
  }

  /** The code for k data shares out of n; 1 <= k <= n <= 256. */
  public static ReedSolomon of(int k, int n) {
    return new ReedSolomon(k, n);
  }

  public int k() {
    return k;
  }

  public int n() {
    return n;
  }

  /**
   * Computes the n - k parity shares of one stripe.
   *
   * @param data k data blocks; bytes [off, off + len) of each are read
   * @param off offset into every data block
   * @param len bytes per block
   * @param parity n - k output blocks; bytes [parityOff, parityOff + len) of each are written
   * @param parityOff offset into every parity block
   */
  public void encodeParity(byte[][] data, int off, int len, byte[][] parity, int parityOff) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * Rebuilds the k data blocks from any k distinct shares.
   *
   * @param indexes share index (0..n-1) of each given share, k distinct values
   * @param shares the shares; bytes [off, off + len) of each are read
   * @param off offset into every share
   * @param len bytes per share
   * @param out k data blocks; bytes [0, len) of each are written
   */
  public void decode(int[] indexes, byte[][] shares, int off, int len, byte[][] out) {
    throw new UnsupportedOperationException("not yet");
  }
}
