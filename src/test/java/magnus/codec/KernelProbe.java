package magnus.codec;

import java.util.Arrays;

/**
 * Run in a separate JVM by {@link KernelsTest}: prints which kernel the codec picked, then checks
 * it against the zfec vectors and exits non-zero on any mismatch.
 */
final class KernelProbe {
  private KernelProbe() {}

  public static void main(String[] args) {
    System.out.println(
        "kernel=" + ReedSolomon.kernelName() + " available=" + ReedSolomon.availableKernels());
    for (ZfecVectors.Stripe s : ZfecVectors.STRIPES) {
      byte[][] shares = ReedSolomon.of(s.k(), s.n()).encode(s.data());
      if (!Arrays.deepEquals(shares, s.shares())) {
        System.out.println("mismatch at " + s);
        System.exit(1);
      }
    }
    System.out.println("vectors=ok");
  }
}
