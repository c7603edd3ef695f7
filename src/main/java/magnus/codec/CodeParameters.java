package magnus.codec;

import java.util.Optional;

/**
 * The parameters of an erasure code: a file is cut into {@code n} fragments, any {@code k} of which
 * rebuild it. The one rule, {@code 1 <= k <= n <= 256}, is checked here and nowhere else: the
 * codec, the wire headers, the client API, the command-line client and the entities all take or
 * build this record.
 *
 * <p>Why 256: the code evaluates a polynomial at n distinct points of GF(2^8), which has 256
 * elements, so no wider code exists over this field.
 *
 * @param k fragments needed to rebuild the data
 * @param n fragments made
 */
public record CodeParameters(int k, int n) {

  /** The largest n: GF(2^8) has 256 distinct evaluation points. */
  public static final int MAX_N = 256;

  /**
   * @throws IllegalArgumentException if the pair breaks the rule; the message is {@link
   *     #problem(long, long)}'s
   */
  public CodeParameters {
    Optional<String> problem = problem(k, n);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(problem.get());
    }
  }

  /**
   * What is wrong with a (k, n) pair, in one sentence that names the value and the rule, or empty
   * when the pair is a valid code. Takes {@code long}s so that a caller can check a number from the
   * wire before narrowing it: {@code k = 2^32 + 1} must be refused, not read as 1.
   */
  public static Optional<String> problem(long k, long n) {
    if (k < 1) {
      return Optional.of("k is " + k + "; k (fragments needed) must be at least 1");
    }
    if (n > MAX_N) {
      return Optional.of("n is " + n + "; n (fragments made) must be at most " + MAX_N);
    }
    if (k > n) {
      return Optional.of(
          "k is "
              + k
              + " and n is "
              + n
              + "; k (fragments needed) must not exceed n (fragments made): 1 <= k <= n <= "
              + MAX_N);
    }
    return Optional.empty();
  }

  /** The number of parity fragments, {@code n - k}: how many fragments may be lost. */
  public int parity() {
    return n - k;
  }

  @Override
  public String toString() {
    return "k=" + k + " n=" + n;
  }
}
