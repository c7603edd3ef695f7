package magnus.cli.control;

/** Checks the (k, n, segment size) triple that every codec command takes. */
public final class CodeParameters {
  /** The largest n: GF(2^8) has 256 distinct evaluation points. */
  public static final int MAX_N = 256;

  private CodeParameters() {}

  public static void check(int k, int n, int segmentSize) {
    if (k < 1) {
      throw new UserException("--k " + k + " is too small; give --k of at least 1");
    }
    if (n > MAX_N) {
      throw new UserException(
          "--n " + n + " is too large; the code has at most " + MAX_N + " fragments");
    }
    if (k > n) {
      throw new UserException(
          "--k "
              + k
              + " exceeds --n "
              + n
              + "; k (fragments needed) must not exceed n (fragments made): 1 <= k <= n <= "
              + MAX_N);
    }
    if (segmentSize < 1) {
      throw new UserException(
          "--segment-size "
              + segmentSize
              + " is too small; give at least 1 byte (the default is 1048576)");
    }
  }
}
