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
    System.out.println("description=" + ReedSolomon.kernelDescription());
    for (ZfecVectors.Stripe s : ZfecVectors.STRIPES) {
      byte[][] shares = ReedSolomon.of(s.k(), s.n()).encode(s.data());
      if (!Arrays.deepEquals(shares, s.shares())) {
        System.out.println("mismatch at " + s);
        System.exit(1);
      }
    }
    int[] lengths = {0, 1, 15, 16, 17, 63, 64, 65, 100, 1000, 4097};
    java.util.Random random = new java.util.Random(9);
    for (int[] kn : new int[][] {{1, 2}, {3, 5}, {5, 10}, {10, 14}, {7, 20}, {30, 64}}) {
      ReedSolomon code = ReedSolomon.of(kn[0], kn[1]);
      ReedSolomon scalar = ReedSolomon.of(kn[0], kn[1], "scalar");
      for (int len : lengths) {
        byte[][] data = new byte[kn[0]][len];
        for (byte[] b : data) {
          random.nextBytes(b);
        }
        if (!Arrays.deepEquals(code.encode(data), scalar.encode(data))) {
          System.out.println("kernels disagree at (" + kn[0] + "," + kn[1] + ") length " + len);
          System.exit(1);
        }
      }
    }
    System.out.println("vectors=ok");
  }
}
