package magnus.bench;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import magnus.codec.ReedSolomon;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH throughput of {@link ReedSolomon#encodeParity} and {@link ReedSolomon#decode} on one stripe
 * of {@link #STRIPE_BYTES} = 10^6 bytes of file data, so that <b>ops/s equals MB/s of file data</b>
 * (MB = 10^6 bytes). Decoding loses the first n - k data shares and rebuilds from the other k:
 * {@code decode} returns all k data blocks, {@code decodeMissing} only the lost ones.
 *
 * <p>Run with {@code bin/magnus-jmh}; not part of {@code mvn test}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class CodecBenchmark {
  /** File bytes per stripe: 1 MB, so one operation codes 1 MB of file data. */
  public static final int STRIPE_BYTES = 1_000_000;

  /** The code, as "k-n". */
  @Param({"5-10", "10-14"})
  public String code;

  /**
   * The kernel: {@code default} (the codec's choice), {@code scalar}, {@code vector} or {@code
   * auto}; e.g. {@code bin/magnus-jmh -p kernel=scalar,vector}.
   */
  @Param({"default"})
  public String kernel;

  private ReedSolomon rs;
  private byte[][] data;
  private byte[][] parity;
  private int[] survivors;
  private byte[][] survivingShares;
  private byte[][] rebuilt;
  private int blockLen;

  @Setup
  public void setUp() {
    String[] kn = code.split("-");
    int k = Integer.parseInt(kn[0].trim());
    int n = Integer.parseInt(kn[1].trim());
    rs = "default".equals(kernel) ? ReedSolomon.of(k, n) : ReedSolomon.of(k, n, kernel);
    System.out.println("kernel=" + rs.kernel());
    blockLen = (STRIPE_BYTES + k - 1) / k;
    Random random = new Random(42);
    data = new byte[k][blockLen];
    for (byte[] block : data) {
      random.nextBytes(block);
    }
    parity = new byte[n - k][blockLen];
    rs.encodeParity(data, 0, blockLen, parity, 0);
    int lost = n - k;
    survivors = new int[k];
    survivingShares = new byte[k][];
    for (int i = 0; i < k; i++) {
      survivors[i] = lost + i;
      survivingShares[i] = survivors[i] < k ? data[survivors[i]] : parity[survivors[i] - k];
    }
    rebuilt = new byte[k][blockLen];
    rs.decode(survivors, survivingShares, 0, blockLen, rebuilt);
    for (int j = 0; j < k; j++) {
      if (!Arrays.equals(rebuilt[j], data[j])) {
        throw new IllegalStateException("decode does not rebuild data block " + j);
      }
    }
  }

  @Benchmark
  public byte[][] encode() {
    rs.encodeParity(data, 0, blockLen, parity, 0);
    return parity;
  }

  /** Rebuilds only the n - k lost data blocks, like ISA-L's decode. */
  @Benchmark
  public byte[][] decodeMissing() {
    rs.decodeMissing(survivors, survivingShares, 0, blockLen, rebuilt, 0);
    return rebuilt;
  }

  /** Rebuilds all k data blocks, copying the surviving ones. */
  @Benchmark
  public byte[][] decode() {
    rs.decode(survivors, survivingShares, 0, blockLen, rebuilt);
    return rebuilt;
  }
}
