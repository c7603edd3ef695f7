package magnus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import magnus.cli.boundary.Magnus;
import magnus.codec.FragmentEncoder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code magnus codec encode|decode|bench}, run in-process on real files. */
class CodecCommandsTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  static Run magnus(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Magnus.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private Path randomFile(String name, int size, long seed) throws IOException {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    Path file = dir.resolve(name);
    Files.write(file, bytes);
    return file;
  }

  private Path encode(Path file, int k, int n, int segmentSize, Path outDir) {
    Run r =
        magnus(
            "codec",
            "encode",
            "--k",
            "" + k,
            "--n",
            "" + n,
            "--segment-size",
            "" + segmentSize,
            file.toString(),
            outDir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    return outDir;
  }

  private static String[] decodeArgs(
      int k, int n, long size, int segmentSize, Path outFile, Path... fragments) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "codec",
                "decode",
                "--k",
                "" + k,
                "--n",
                "" + n,
                "--size",
                "" + size,
                "--segment-size",
                "" + segmentSize,
                outFile.toString()));
    for (Path f : fragments) {
      args.add(f.toString());
    }
    return args.toArray(String[]::new);
  }

  private static Path[] fragments(Path outDir, String name, int... indexes) {
    return Arrays.stream(indexes)
        .mapToObj(i -> outDir.resolve(name + "." + i))
        .toArray(Path[]::new);
  }

  private static List<String> listNames(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** A user error: non-zero exit, one line on stderr naming the problem, no stack trace. */
  private static void assertUserError(Run r, String... fragmentsOfMessage) {
    assertThat(r.exit()).isNotZero();
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains(fragmentsOfMessage).doesNotContain("Exception", "\tat ");
  }

  @Test
  void encodeThenDecodeFromAnyKFragmentsGivesTheSameBytes() throws IOException {
    int k = 5;
    int n = 10;
    int segment = 64 * 1024;
    Path file = randomFile("photo.raw", 300_001, 1);
    Path out = encode(file, k, n, segment, dir.resolve("frags"));

    long fragmentSize = FragmentEncoder.fragmentSize(300_001, k, segment);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      expected.add("photo.raw." + i);
      assertThat(Files.size(out.resolve("photo.raw." + i))).isEqualTo(fragmentSize);
    }
    assertThat(listNames(out)).containsExactlyInAnyOrderElementsOf(expected);

    int[][] subsets = {{0, 1, 2, 3, 4}, {5, 6, 7, 8, 9}, {9, 1, 6, 3, 8}, {0, 2, 4, 5, 7, 9}};
    for (int[] subset : subsets) {
      Path restored = dir.resolve("restored-" + Arrays.toString(subset));
      Run r =
          magnus(decodeArgs(k, n, 300_001, segment, restored, fragments(out, "photo.raw", subset)));
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(Files.readAllBytes(restored))
          .as("decoded from %s", Arrays.toString(subset))
          .isEqualTo(Files.readAllBytes(file));
    }
  }

  @Test
  void defaultSegmentSizeRoundTripsAFileOfSeveralSegments() throws IOException {
    int size = 2 * FragmentEncoder.DEFAULT_SEGMENT_SIZE + 12_345;
    Path file = randomFile("big.bin", size, 2);
    Path out = dir.resolve("a/b/c");
    Run enc = magnus("codec", "encode", "--k", "10", "--n", "14", file.toString(), out.toString());
    assertThat(enc.exit()).as(enc.err()).isZero();
    assertThat(enc.out()).contains("--size " + size);
    assertThat(listNames(out)).hasSize(14);

    Path restored = dir.resolve("big.restored");
    List<String> args =
        new ArrayList<>(
            List.of(
                "codec", "decode", "--k", "10", "--n", "14", "--size", "" + size, "" + restored));
    for (int i = 4; i < 14; i++) {
      args.add(out.resolve("big.bin." + i).toString());
    }
    Run dec = magnus(args.toArray(String[]::new));
    assertThat(dec.exit()).as(dec.err()).isZero();
    assertThat(Files.readAllBytes(restored)).isEqualTo(Files.readAllBytes(file));
    assertThat(listNames(dir)).doesNotContain(".big.restored").allMatch(s -> !s.endsWith(".part"));
  }

  @Test
  void anEmptyFileRoundTrips() throws IOException {
    Path file = dir.resolve("empty");
    Files.createFile(file);
    Path out = encode(file, 2, 3, 1024, dir.resolve("frags"));
    assertThat(listNames(out)).containsExactlyInAnyOrder("empty.0", "empty.1", "empty.2");
    Path restored = dir.resolve("empty.restored");
    Run r = magnus(decodeArgs(2, 3, 0, 1024, restored, fragments(out, "empty", 1, 2)));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(restored).isEmptyFile();
  }

  @Test
  void encodeOfAMissingFileFailsAndCreatesNothing() {
    Path out = dir.resolve("frags");
    Run r =
        magnus("codec", "encode", "--k", "2", "--n", "4", dir.resolve("nope").toString(), "" + out);
    assertUserError(r, "nope", "does not exist");
    assertThat(out).doesNotExist();
  }

  @Test
  void aFailedEncodeLeavesNoFragments() throws IOException {
    // /proc files report size 0 but have contents: the encoder reads more than the size.
    Path proc = Path.of("/proc/self/status");
    Assumptions.assumeTrue(Files.isReadable(proc) && Files.size(proc) == 0);
    Path out = dir.resolve("frags");
    Run r = magnus("codec", "encode", "--k", "2", "--n", "4", proc.toString(), out.toString());
    assertUserError(r, "changed while it was encoded");
    assertThat(listNames(out)).isEmpty();
  }

  @Test
  void encodeRefusesToReplaceADirectoryWithAFragment() throws IOException {
    Path file = randomFile("f", 1000, 3);
    Path out = dir.resolve("frags");
    Files.createDirectories(out.resolve("f.2"));
    Run r = magnus("codec", "encode", "--k", "2", "--n", "4", "" + file, "" + out);
    assertUserError(r, "f.2", "is a directory");
    assertThat(listNames(out)).containsExactly("f.2");
  }

  @Test
  void kGreaterThanNIsRejected() throws IOException {
    Path file = randomFile("f", 1000, 3);
    Path out = dir.resolve("frags");
    Run r = magnus("codec", "encode", "--k", "7", "--n", "5", file.toString(), out.toString());
    assertUserError(
        r,
        "magnus codec encode: --k 7 --n 5: k is 7 and n is 5; k (fragments needed) must not exceed"
            + " n (fragments made): 1 <= k <= n <= 256");
    assertThat(out).doesNotExist();

    Run d = magnus(decodeArgs(7, 5, 1000, 1024, dir.resolve("o"), dir.resolve("f.1")));
    assertUserError(d, "--k 7", "--n 5");
    assertThat(dir.resolve("o")).doesNotExist();
  }

  @Test
  void nAbove256AndKBelow1AreRejected() throws IOException {
    Path file = randomFile("f", 1000, 3);
    assertUserError(
        magnus("codec", "encode", "--k", "2", "--n", "300", "" + file, "" + dir.resolve("o")),
        "--k 2 --n 300: n is 300; n (fragments made) must be at most 256");
    assertUserError(
        magnus("codec", "encode", "--k", "0", "--n", "3", "" + file, "" + dir.resolve("o")),
        "--k 0 --n 3: k is 0; k (fragments needed) must be at least 1");
    assertThat(dir.resolve("o")).doesNotExist();
  }

  /** Encodes a small file with k = 3, n = 5 into dir/frags, for the decode error cases. */
  private Path encodedSmallFile() throws IOException {
    Path file = randomFile("doc.txt", 10_000, 4);
    return encode(file, 3, 5, 4096, dir.resolve("frags"));
  }

  private void assertDecodeFails(Path outFile, Path[] fragments, long size, String... message) {
    Run r = magnus(decodeArgs(3, 5, size, 4096, outFile, fragments));
    assertUserError(r, message);
  }

  @Test
  void decodeWithFewerThanKFragmentsFailsAndWritesNothing() throws IOException {
    Path frags = encodedSmallFile();
    Path outFile = dir.resolve("restored");
    assertDecodeFails(outFile, fragments(frags, "doc.txt", 0, 4), 10_000, "only 2 fragments", "3");
    assertThat(outFile).doesNotExist();
    assertThat(listNames(dir)).containsExactlyInAnyOrder("doc.txt", "frags");
  }

  @Test
  void aFragmentNameWithoutNumericSuffixIsRejected() throws IOException {
    Path frags = encodedSmallFile();
    Path odd = Files.copy(frags.resolve("doc.txt.2"), dir.resolve("doc.txt.two"));
    Path outFile = dir.resolve("restored");
    Path[] given = {frags.resolve("doc.txt.0"), frags.resolve("doc.txt.1"), odd};
    assertDecodeFails(outFile, given, 10_000, "doc.txt.two", "numeric suffix");
    assertThat(outFile).doesNotExist();

    Path bare = Files.copy(frags.resolve("doc.txt.2"), dir.resolve("fragment"));
    given[2] = bare;
    assertDecodeFails(outFile, given, 10_000, "fragment", "numeric suffix");
    assertThat(outFile).doesNotExist();
  }

  @Test
  void aFragmentIndexOfNOrMoreIsRejected() throws IOException {
    Path frags = encodedSmallFile();
    Path high = Files.copy(frags.resolve("doc.txt.2"), dir.resolve("doc.txt.5"));
    Path outFile = dir.resolve("restored");
    Path[] given = {frags.resolve("doc.txt.0"), frags.resolve("doc.txt.1"), high};
    assertDecodeFails(outFile, given, 10_000, "doc.txt.5", "index 5", "--n is 5");
    assertThat(outFile).doesNotExist();

    Path huge = Files.copy(frags.resolve("doc.txt.2"), dir.resolve("doc.txt.99999999999"));
    given[2] = huge;
    assertDecodeFails(outFile, given, 10_000, "doc.txt.99999999999", "--n is 5");
    assertThat(outFile).doesNotExist();
  }

  @Test
  void aDuplicateFragmentIndexIsRejected() throws IOException {
    Path frags = encodedSmallFile();
    Path copy = Files.copy(frags.resolve("doc.txt.1"), dir.resolve("doc.txt.1"));
    Path outFile = dir.resolve("restored");
    Path[] given = {frags.resolve("doc.txt.0"), frags.resolve("doc.txt.1"), copy};
    assertDecodeFails(outFile, given, 10_000, "both have index 1");
    assertThat(outFile).doesNotExist();
  }

  @Test
  void aNegativeSizeIsRejected() throws IOException {
    Path frags = encodedSmallFile();
    Path outFile = dir.resolve("restored");
    assertDecodeFails(outFile, fragments(frags, "doc.txt", 0, 1, 2), -1, "--size -1");
    assertThat(outFile).doesNotExist();
  }

  @Test
  void aWrongSizeIsCaughtBeforeAnythingIsWritten() throws IOException {
    Path frags = encodedSmallFile();
    Path outFile = dir.resolve("restored");
    Files.writeString(outFile, "previous contents");
    assertDecodeFails(outFile, fragments(frags, "doc.txt", 2, 3, 4), 50_000, "check --size");
    assertThat(outFile).hasContent("previous contents");
    assertThat(listNames(dir)).containsExactlyInAnyOrder("doc.txt", "frags", "restored");
  }

  @Test
  void aMissingFragmentFileIsRejected() throws IOException {
    Path frags = encodedSmallFile();
    Files.delete(frags.resolve("doc.txt.3"));
    Path outFile = dir.resolve("restored");
    assertDecodeFails(outFile, fragments(frags, "doc.txt", 0, 3, 4), 10_000, "doc.txt.3");
    assertThat(outFile).doesNotExist();
  }

  @Test
  void badArgumentsGiveOneLineAndTheHelpCommand() {
    Run r = magnus("codec", "decode", "--k", "x", "--n", "5", "--size", "1", "o", "f.1");
    assertUserError(r, "--k", "'x'", "magnus codec decode --help");
    Run missing = magnus("codec", "encode", "--n", "5", "file", "out");
    assertUserError(missing, "--k", "magnus codec encode --help");
  }

  @Test
  void benchPrintsTheKernelAndEndsWithTheThroughputLine() {
    Run r =
        magnus(
            "codec",
            "bench",
            "--k",
            "3",
            "--n",
            "5",
            "--size",
            "100000",
            "--segment-size",
            "16384",
            "--repeat",
            "2",
            "--warmup",
            "0");
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).anyMatch(l -> l.startsWith("kernel=") && l.contains("jvm="));
    assertThat(lines.get(lines.size() - 1))
        .matches("encode_MBps=[0-9]+\\.[0-9] decode_MBps=[0-9]+\\.[0-9]");
  }
}
