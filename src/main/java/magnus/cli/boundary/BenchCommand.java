package magnus.cli.boundary;

import java.util.Locale;
import magnus.cli.control.CodecBench;
import magnus.cli.control.UserException;
import magnus.codec.FragmentEncoder;
import magnus.codec.ReedSolomon;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code magnus codec bench}: the codec's single-thread throughput, in memory. */
@Command(
    name = "bench",
    description = {
      "Measure the codec's single-thread encode and decode throughput in MB/s of file data"
          + " (MB = 10^6 bytes), in memory. Decoding loses the first n-k data fragments and"
          + " rebuilds them (decode; decode_all also copies the surviving data blocks, as"
          + " FragmentDecoder does).",
      "The last line is: encode_MBps=<best> decode_MBps=<best>"
    })
class BenchCommand extends CodecSubcommand {
  @Option(names = "--k", required = true, paramLabel = "K", description = "Data fragments.")
  int k;

  @Option(names = "--n", required = true, paramLabel = "N", description = "Fragments (<= 256).")
  int n;

  @Option(
      names = "--size",
      paramLabel = "BYTES",
      description = "Bytes of file data per pass (default: ${DEFAULT-VALUE}).")
  long size = 32L << 20;

  @Option(
      names = "--segment-size",
      paramLabel = "BYTES",
      description = "File bytes per stripe (default: ${DEFAULT-VALUE}).")
  int segmentSize = FragmentEncoder.DEFAULT_SEGMENT_SIZE;

  @Option(
      names = "--repeat",
      paramLabel = "R",
      description = "Timed passes after the warm-up (default: ${DEFAULT-VALUE}).")
  int repeat = 5;

  @Option(
      names = "--warmup",
      paramLabel = "SECONDS",
      description = "Warm-up time (default: ${DEFAULT-VALUE}).")
  double warmup = 2.0;

  @Option(
      names = "--kernel",
      paramLabel = "NAME",
      description = "Codec kernel: scalar, vector or auto (default: the codec's default).")
  String kernel;

  @Override
  void run() {
    if (repeat < 1) {
      throw new UserException("--repeat " + repeat + " must be at least 1");
    }
    if (!(warmup >= 0)) {
      throw new UserException("--warmup " + warmup + " must be 0 or more seconds");
    }
    CodecBench bench = new CodecBench(k, n, size, segmentSize, kernel);
    out()
        .printf(
            Locale.ROOT,
            "magnus codec bench: k=%d n=%d size=%d segment=%d repeat=%d warmup=%.1fs%n",
            k,
            n,
            size,
            segmentSize,
            repeat,
            warmup);
    out().printf(Locale.ROOT, "kernel=%s jvm=%s%n", bench.kernel(), jvm());
    if (bench.kernel().equals(ReedSolomon.kernelName())) {
      out().println("kernel: " + ReedSolomon.kernelDescription());
    }
    String problem = ReedSolomon.vectorKernelProblem();
    if (problem != null) {
      out().println("note: no vector kernel: " + problem);
    }
    out().flush();
    CodecBench.Result r = bench.run(warmup, repeat, err());
    out()
        .printf(
            Locale.ROOT,
            "median: encode_MBps=%.1f decode_MBps=%.1f decode_all_MBps=%.1f%n",
            r.encodeMedian(),
            r.decodeMedian(),
            r.decodeAllMedian());
    out().printf(Locale.ROOT, "best: decode_all_MBps=%.1f%n", r.decodeAllBest());
    out()
        .printf(Locale.ROOT, "encode_MBps=%.1f decode_MBps=%.1f%n", r.encodeBest(), r.decodeBest());
    out().flush();
  }

  static String jvm() {
    boolean vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    return Runtime.version()
        + " ("
        + System.getProperty("java.vm.name")
        + ", "
        + System.getProperty("java.vendor")
        + ") jdk.incubator.vector="
        + (vector ? "loaded" : "absent");
  }
}
