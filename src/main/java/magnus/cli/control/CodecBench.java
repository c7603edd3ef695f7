package magnus.cli.control;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import magnus.codec.ReedSolomon;

/**
 * Measures the codec's single-thread throughput in memory, in MB/s of file data (10^6 bytes).
 *
 * <p>The "file" is {@code size} pseudo-random bytes (SplitMix64, the same stream that {@code
 * bench/isal/isal_bench.c} generates), cut into segments of {@code segmentSize} bytes; each segment
 * is cut into k data blocks of ceil(segment / k) bytes (the last one zero-padded), one stripe.
 * Encoding computes the n - k parity blocks of every stripe. Decoding loses the first n - k data
 * blocks of every stripe and rebuilds them from the remaining k shares, measured two ways: {@link
 * ReedSolomon#decodeMissing} writes only the lost blocks, into fragment-sized arrays as encoding
 * writes parity (the work ISA-L's decode does; reported as "decode"), and {@link
 * ReedSolomon#decode} writes all k data blocks, copying the surviving ones (reported as
 * "decode_all"; what {@code FragmentDecoder} calls). Both are checked against the original data
 * before and after the timed passes.
 */
public final class CodecBench {
  private final int k;
  private final int n;
  private final long size;
  private final int segmentSize;
  private final ReedSolomon rs;
  private final int[] blockLen;
  private final int[] fragOff;
  private final byte[][] data;
  private final byte[][] parity;
  private final int[] survivors;
  private final byte[][] survivingShares;

  /** decode() output, per stripe: like parity, it streams to memory rather than a hot scratch. */
  private final byte[][][] rebuilt;

  /** decodeMissing() output: fragment-sized arrays for the lost data blocks, null for the rest. */
  private final byte[][] lost;

  /** The figures of one benchmark run, in MB/s of file data. */
  public record Result(
      double encodeBest,
      double decodeBest,
      double decodeAllBest,
      double encodeMedian,
      double decodeMedian,
      double decodeAllMedian) {}

  /**
   * A benchmark of the (k, n) code on {@code size} bytes of file data.
   *
   * @param kernel the codec kernel ({@code scalar}, {@code vector}, {@code auto}), or null for the
   *     codec's default
   */
  public CodecBench(int k, int n, long size, int segmentSize, String kernel) {
    CodeOptions.check(k, n, segmentSize);
    if (n == k) {
      throw new UserException("--n must exceed --k for a benchmark: with n = k there is no parity");
    }
    if (size < 1) {
      throw new UserException("--size " + size + " must be at least 1 byte");
    }
    this.k = k;
    this.n = n;
    this.size = size;
    this.segmentSize = segmentSize;
    try {
      this.rs = kernel == null ? ReedSolomon.of(k, n) : ReedSolomon.of(k, n, kernel);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage() + "; available: " + ReedSolomon.availableKernels());
    }
    long segments = (size + segmentSize - 1) / segmentSize;
    long fragSize = 0;
    blockLen = new int[Math.toIntExact(segments)];
    fragOff = new int[blockLen.length];
    for (int s = 0; s < blockLen.length; s++) {
      long len = Math.min(segmentSize, size - (long) s * segmentSize);
      blockLen[s] = (int) ((len + k - 1) / k);
      fragOff[s] = Math.toIntExact(fragSize);
      fragSize += blockLen[s];
    }
    if (fragSize > Integer.MAX_VALUE - 16) {
      throw new UserException("--size " + size + " is too large for an in-memory benchmark");
    }
    data = new byte[k][(int) fragSize];
    parity = new byte[n - k][(int) fragSize];
    fill(data);
    survivors = new int[k];
    survivingShares = new byte[k][];
    for (int i = 0; i < k; i++) {
      survivors[i] = n - k + i;
      survivingShares[i] = survivors[i] < k ? data[survivors[i]] : parity[survivors[i] - k];
    }
    lost = new byte[k][];
    for (int i = 0; i < n - k && i < k; i++) {
      lost[i] = new byte[(int) fragSize];
    }
    rebuilt = new byte[blockLen.length][][];
    for (int s = 0; s < blockLen.length; s++) {
      rebuilt[s] = new byte[k][blockLen[s]];
    }
  }

  /** Lays the SplitMix64 byte stream out as the k data fragments, stripe after stripe. */
  private void fill(byte[][] fragments) {
    SplitMix64 random = new SplitMix64();
    long pos = 0;
    for (int s = 0; s < blockLen.length; s++) {
      long segEnd = Math.min(size, (long) (s + 1) * segmentSize);
      for (int j = 0; j < k; j++) {
        for (int b = 0; b < blockLen[s] && pos < segEnd; b++, pos++) {
          fragments[j][fragOff[s] + b] = random.nextByte();
        }
      }
    }
  }

  /** The name of the kernel the benchmarked code runs on. */
  public String kernel() {
    return rs.kernel();
  }

  public void encodeAll() {
    for (int s = 0; s < blockLen.length; s++) {
      rs.encodeParity(data, fragOff[s], blockLen[s], parity, fragOff[s]);
    }
  }

  /** Rebuilds the lost data blocks of every stripe ({@link ReedSolomon#decodeMissing}). */
  public void decodeMissingAll() {
    for (int s = 0; s < blockLen.length; s++) {
      rs.decodeMissing(survivors, survivingShares, fragOff[s], blockLen[s], lost, fragOff[s]);
    }
  }

  /** Rebuilds all k data blocks of every stripe ({@link ReedSolomon#decode}). */
  public void decodeAll() {
    for (int s = 0; s < blockLen.length; s++) {
      rs.decode(survivors, survivingShares, fragOff[s], blockLen[s], rebuilt[s]);
    }
  }

  /** Decodes every stripe once both ways and checks the results against the original data. */
  public void verify() {
    encodeAll();
    for (byte[] block : lost) {
      if (block != null) {
        Arrays.fill(block, (byte) 0);
      }
    }
    decodeMissingAll();
    for (int j = 0; j < k; j++) {
      if (lost[j] != null && !Arrays.equals(lost[j], data[j])) {
        throw new IllegalStateException("rebuilt data block " + j + " differs from the original");
      }
    }
    for (int s = 0; s < blockLen.length; s++) {
      rs.decode(survivors, survivingShares, fragOff[s], blockLen[s], rebuilt[s]);
      for (int j = 0; j < k; j++) {
        if (!Arrays.equals(
            rebuilt[s][j], 0, blockLen[s], data[j], fragOff[s], fragOff[s] + blockLen[s])) {
          throw new IllegalStateException(
              "decoded data block " + j + " of stripe " + s + " differs from the original");
        }
      }
    }
  }

  /** Warms up for {@code warmupSeconds}, then times {@code repeat} encode and decode passes. */
  public Result run(double warmupSeconds, int repeat, PrintWriter err) {
    verify();
    long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
    err.printf(Locale.ROOT, "warming up for %.1f s...%n", warmupSeconds);
    err.flush();
    while (System.nanoTime() < warmEnd) {
      encodeAll();
      decodeMissingAll();
      decodeAll();
    }
    verify();
    double[] enc = new double[repeat];
    double[] dec = new double[repeat];
    double[] decAll = new double[repeat];
    for (int r = 0; r < repeat; r++) {
      long t0 = System.nanoTime();
      encodeAll();
      long t1 = System.nanoTime();
      decodeMissingAll();
      long t2 = System.nanoTime();
      decodeAll();
      long t3 = System.nanoTime();
      enc[r] = mbps(t1 - t0);
      dec[r] = mbps(t2 - t1);
      decAll[r] = mbps(t3 - t2);
      err.printf(
          Locale.ROOT,
          "round %d/%d: encode %.1f MB/s, decode %.1f MB/s, decode_all %.1f MB/s%n",
          r + 1,
          repeat,
          enc[r],
          dec[r],
          decAll[r]);
      err.flush();
    }
    return new Result(max(enc), max(dec), max(decAll), median(enc), median(dec), median(decAll));
  }

  private double mbps(long nanos) {
    return size / (Math.max(nanos, 1) / 1e9) / 1e6;
  }

  private static double max(double[] v) {
    return Arrays.stream(v).max().orElse(0);
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  /** SplitMix64, little-endian bytes; bench/isal/isal_bench.c generates the same stream. */
  static final class SplitMix64 {
    private long state = 0x4D61676E7573L; // "Magnus"
    private long word;
    private int left;

    byte nextByte() {
      if (left == 0) {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        word = z ^ (z >>> 31);
        left = 8;
      }
      byte b = (byte) word;
      word >>>= 8;
      left--;
      return b;
    }
  }
}
