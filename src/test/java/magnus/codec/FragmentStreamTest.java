package magnus.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The segment format: FragmentEncoder and FragmentDecoder. */
class FragmentStreamTest {

  static byte[] randomBytes(Random random, int len) {
    byte[] bytes = new byte[len];
    random.nextBytes(bytes);
    return bytes;
  }

  static byte[][] encode(FragmentEncoder encoder, byte[] file) throws IOException {
    return encode(encoder, new ByteArrayInputStream(file), file.length);
  }

  static byte[][] encode(FragmentEncoder encoder, InputStream in, long expectedRead)
      throws IOException {
    int n = encoder.code().n();
    ByteArrayOutputStream[] outs = new ByteArrayOutputStream[n];
    for (int i = 0; i < n; i++) {
      outs[i] = new ByteArrayOutputStream();
    }
    assertThat(encoder.encode(in, outs)).isEqualTo(expectedRead);
    byte[][] fragments = new byte[n][];
    for (int i = 0; i < n; i++) {
      fragments[i] = outs[i].toByteArray();
    }
    return fragments;
  }

  static byte[] decode(
      FragmentDecoder decoder, long fileSize, byte[][] fragments, List<Integer> use)
      throws IOException {
    Map<Integer, InputStream> given = new HashMap<>();
    for (int i : use) {
      given.put(i, new ByteArrayInputStream(fragments[i]));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    decoder.decode(fileSize, given, out);
    return out.toByteArray();
  }

  /** Fragments by the format's definition, one stripe per segment via ReedSolomon.encode. */
  static byte[][] referenceFragments(ReedSolomon code, byte[] file, int segmentSize) {
    int k = code.k();
    ByteArrayOutputStream[] outs = new ByteArrayOutputStream[code.n()];
    for (int i = 0; i < outs.length; i++) {
      outs[i] = new ByteArrayOutputStream();
    }
    for (int start = 0; start < file.length; start += segmentSize) {
      int segLen = Math.min(segmentSize, file.length - start);
      int len = (segLen + k - 1) / k;
      byte[] padded = Arrays.copyOfRange(file, start, start + len * k);
      Arrays.fill(padded, segLen, padded.length, (byte) 0);
      byte[][] blocks = new byte[k][];
      for (int b = 0; b < k; b++) {
        blocks[b] = Arrays.copyOfRange(padded, b * len, (b + 1) * len);
      }
      byte[][] shares = code.encode(blocks);
      for (int i = 0; i < shares.length; i++) {
        outs[i].writeBytes(shares[i]);
      }
    }
    byte[][] fragments = new byte[outs.length][];
    for (int i = 0; i < outs.length; i++) {
      fragments[i] = outs[i].toByteArray();
    }
    return fragments;
  }

  @Test
  void fragmentSizeIsTheSumOfSegmentBlockLengths() {
    assertThat(FragmentEncoder.fragmentSize(0, 3, 1000)).isZero();
    assertThat(FragmentEncoder.fragmentSize(1, 3, 1000)).isEqualTo(1);
    assertThat(FragmentEncoder.fragmentSize(999, 3, 1000)).isEqualTo(333);
    assertThat(FragmentEncoder.fragmentSize(1000, 3, 1000)).isEqualTo(334);
    assertThat(FragmentEncoder.fragmentSize(1001, 3, 1000)).isEqualTo(335);
    assertThat(FragmentEncoder.fragmentSize(2500, 3, 1000)).isEqualTo(334 + 334 + 167);
    assertThat(FragmentEncoder.fragmentSize(5, 256, 1)).isEqualTo(5);
    long big = 1_000_000_000_000L;
    int s = FragmentEncoder.DEFAULT_SEGMENT_SIZE;
    assertThat(FragmentEncoder.fragmentSize(big, 10, s))
        .isEqualTo(big / s * ((s + 9) / 10) + ((big % s) + 9) / 10);
  }

  @Test
  void everySegmentBoundaryAndEveryFragmentSubset() throws IOException {
    Random random = new Random(1);
    for (String kernel : ReedSolomon.availableKernels()) {
      ReedSolomon code = ReedSolomon.of(3, 5, kernel);
      FragmentEncoder encoder = new FragmentEncoder(code, 10);
      FragmentDecoder decoder = new FragmentDecoder(code, 10);
      for (int len = 0; len <= 41; len++) {
        byte[] file = randomBytes(random, len);
        byte[][] fragments = encode(encoder, file);
        assertThat(fragments).as("len %d", len).isDeepEqualTo(referenceFragments(code, file, 10));
        for (byte[] f : fragments) {
          assertThat(f).hasSize((int) FragmentEncoder.fragmentSize(len, 3, 10));
        }
        for (int mask = 0; mask < 32; mask++) {
          if (Integer.bitCount(mask) < 3) {
            continue;
          }
          List<Integer> use = new ArrayList<>();
          for (int i = 0; i < 5; i++) {
            if ((mask >> i & 1) != 0) {
              use.add(i);
            }
          }
          assertThat(decode(decoder, len, fragments, use))
              .as("len %d from %s", len, use)
              .isEqualTo(file);
        }
      }
    }
  }

  @Test
  void segmentsWithWholePaddingBlocks() throws IOException {
    // Segment 5 with k = 4: blocks of 2, so the last block of a full segment is all padding.
    Random random = new Random(2);
    ReedSolomon code = ReedSolomon.of(4, 6);
    for (int segment : new int[] {1, 2, 3, 5, 6, 7, 9}) {
      for (int len : new int[] {0, 1, 4, 5, 6, 11, 23}) {
        byte[] file = randomBytes(random, len);
        byte[][] fragments = encode(new FragmentEncoder(code, segment), file);
        assertThat(fragments)
            .as("segment %d len %d", segment, len)
            .isDeepEqualTo(referenceFragments(code, file, segment));
        assertThat(decode(new FragmentDecoder(code, segment), len, fragments, List.of(2, 3, 4, 5)))
            .isEqualTo(file);
      }
    }
  }

  @Test
  void emptyAndOneByteFiles() throws IOException {
    FragmentEncoder encoder = new FragmentEncoder(5, 10, FragmentEncoder.DEFAULT_SEGMENT_SIZE);
    FragmentDecoder decoder = new FragmentDecoder(5, 10, FragmentEncoder.DEFAULT_SEGMENT_SIZE);
    byte[][] empty = encode(encoder, new byte[0]);
    for (byte[] f : empty) {
      assertThat(f).isEmpty();
    }
    assertThat(decode(decoder, 0, empty, List.of(5, 6, 7, 8, 9))).isEmpty();

    byte[][] one = encode(encoder, new byte[] {42});
    for (byte[] f : one) {
      assertThat(f).hasSize(1);
    }
    assertThat(one[0]).containsExactly(42);
    assertThat(decode(decoder, 1, one, List.of(5, 6, 7, 8, 9))).containsExactly(42);
  }

  @Test
  void aSmallFileTakesBuffersOfItsOwnSizeAndTheDecoderGrowsForABigOne() throws IOException {
    int segment = 1 << 16;
    FragmentEncoder encoder = new FragmentEncoder(3, 5, segment);
    FragmentDecoder decoder = new FragmentDecoder(3, 5, segment);
    Random random = new Random(11);
    byte[] small = randomBytes(random, 100);
    byte[] big = randomBytes(random, 3 * segment + 7);
    // Parity fragments in the mix, so that rebuilt blocks are written too.
    List<Integer> some = List.of(1, 3, 4);
    assertThat(decode(decoder, small.length, encode(encoder, small), some)).isEqualTo(small);
    assertThat(decoder.bufferLength()).isEqualTo(34);
    assertThat(decode(decoder, big.length, encode(encoder, big), some)).isEqualTo(big);
    assertThat(decoder.bufferLength()).isEqualTo(FragmentEncoder.blockLength(segment, 3));
    assertThat(decode(decoder, small.length, encode(encoder, small), some)).isEqualTo(small);
  }

  @Test
  void kEqualsNAndTheWidestCode() throws IOException {
    Random random = new Random(3);
    byte[] file = randomBytes(random, 3001);
    ReedSolomon square = ReedSolomon.of(4, 4);
    byte[][] fragments = encode(new FragmentEncoder(square, 1000), file);
    assertThat(
            decode(new FragmentDecoder(square, 1000), file.length, fragments, List.of(0, 1, 2, 3)))
        .isEqualTo(file);

    ReedSolomon wide = ReedSolomon.of(100, 256);
    fragments = encode(new FragmentEncoder(wide, 1000), file);
    assertThat(fragments).isDeepEqualTo(referenceFragments(wide, file, 1000));
    List<Integer> all = ZfecVectorsTest.range(0, 256);
    Collections.shuffle(all, random);
    assertThat(decode(new FragmentDecoder(wide, 1000), file.length, fragments, all.subList(0, 100)))
        .isEqualTo(file);
  }

  @Test
  void multiMegabyteRoundTripWithMissingFragments() throws IOException {
    Random random = new Random(4);
    byte[] file = randomBytes(random, 5 * (1 << 20) + 12345);
    for (String kernel : ReedSolomon.availableKernels()) {
      ReedSolomon code = ReedSolomon.of(10, 14, kernel);
      FragmentEncoder encoder = new FragmentEncoder(code, FragmentEncoder.DEFAULT_SEGMENT_SIZE);
      byte[][] fragments = encode(encoder, new TrickleInputStream(file, random), file.length);
      FragmentDecoder decoder = new FragmentDecoder(code, FragmentEncoder.DEFAULT_SEGMENT_SIZE);
      // Lose data fragments 1, 4, 7 and parity 12: decoding must rebuild three data blocks.
      List<Integer> use = new ArrayList<>(List.of(0, 2, 3, 5, 6, 8, 9, 10, 11, 13));
      assertThat(decode(decoder, file.length, fragments, use)).isEqualTo(file);
      // Lose four data fragments: only parity for them.
      assertThat(decode(decoder, file.length, fragments, List.of(4, 5, 6, 7, 8, 9, 10, 11, 12, 13)))
          .isEqualTo(file);
    }
  }

  @Test
  void decoderReadsDataFragmentsFirstAndLeavesTheOthersAlone() throws IOException {
    Random random = new Random(5);
    byte[] file = randomBytes(random, 777);
    ReedSolomon code = ReedSolomon.of(3, 6);
    byte[][] fragments = encode(new FragmentEncoder(code, 100), file);
    Map<Integer, InputStream> given = new HashMap<>();
    for (int i = 0; i < 6; i++) {
      given.put(i, i < 3 ? new ByteArrayInputStream(fragments[i]) : new ExplodingInputStream());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new FragmentDecoder(code, 100).decode(file.length, given, out);
    assertThat(out.toByteArray()).isEqualTo(file);
  }

  @Test
  void shortAndLongFragmentsAreIoErrors() throws IOException {
    byte[] file = randomBytes(new Random(6), 2500);
    ReedSolomon code = ReedSolomon.of(3, 5);
    byte[][] fragments = encode(new FragmentEncoder(code, 1000), file);
    FragmentDecoder decoder = new FragmentDecoder(code, 1000);
    Map<Integer, InputStream> given = new HashMap<>();
    given.put(0, new ByteArrayInputStream(fragments[0]));
    given.put(3, new ByteArrayInputStream(Arrays.copyOf(fragments[3], 400)));
    given.put(4, new ByteArrayInputStream(fragments[4]));
    assertThatThrownBy(() -> decoder.decode(2500, given, new ByteArrayOutputStream()))
        .isInstanceOf(IOException.class)
        .hasMessage("fragment 3 ended after 400 bytes, expected 835");

    given.put(3, new ByteArrayInputStream(Arrays.copyOf(fragments[3], 836)));
    given.put(0, new ByteArrayInputStream(fragments[0]));
    given.put(4, new ByteArrayInputStream(fragments[4]));
    assertThatThrownBy(() -> decoder.decode(2500, given, new ByteArrayOutputStream()))
        .isInstanceOf(IOException.class)
        .hasMessage("fragment 3 is longer than the expected 835 bytes");

    given.put(0, new ByteArrayInputStream(fragments[0]));
    given.put(3, new ByteArrayInputStream(new byte[0]));
    given.put(4, new ByteArrayInputStream(fragments[4]));
    assertThatThrownBy(() -> decoder.decode(2500, given, new ByteArrayOutputStream()))
        .isInstanceOf(IOException.class)
        .hasMessage("fragment 3 ended after 0 bytes, expected 835");
  }

  @Test
  void badParametersAndInputsAreNamed() {
    assertThatThrownBy(() -> new FragmentEncoder(3, 5, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("segment size must be at least 1, got 0");
    assertThatThrownBy(() -> new FragmentDecoder(3, 5, -1))
        .hasMessage("segment size must be at least 1, got -1");
    assertThatThrownBy(() -> new FragmentEncoder(6, 5, 10))
        .hasMessage(
            "k is 6 and n is 5; k (fragments needed) must not exceed n (fragments made): 1 <= k <= n <= 256");
    assertThatThrownBy(() -> new FragmentDecoder(0, 5, 10))
        .hasMessage("k is 0; k (fragments needed) must be at least 1");
    assertThatThrownBy(() -> new FragmentDecoder(3, 300, 10))
        .hasMessage("n is 300; n (fragments made) must be at most 256");
    assertThatThrownBy(() -> FragmentEncoder.fragmentSize(-1, 3, 10))
        .hasMessage("file size must not be negative, got -1");
    assertThatThrownBy(() -> FragmentEncoder.fragmentSize(1, 0, 10))
        .hasMessage("k is 0; k (fragments needed) must be at least 1");
    assertThatThrownBy(() -> FragmentEncoder.fragmentSize(1, 3, 0))
        .hasMessage("segment size must be at least 1, got 0");

    FragmentEncoder encoder = new FragmentEncoder(3, 5, 10);
    InputStream in = new ByteArrayInputStream(new byte[5]);
    assertThatThrownBy(() -> encoder.encode(in, new OutputStream[4]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("need n=5 fragment streams, got 4");
    OutputStream[] withNull = {
      OutputStream.nullOutputStream(),
      null,
      OutputStream.nullOutputStream(),
      OutputStream.nullOutputStream(),
      OutputStream.nullOutputStream()
    };
    assertThatThrownBy(() -> encoder.encode(in, withNull)).hasMessage("fragment stream 1 is null");

    FragmentDecoder decoder = new FragmentDecoder(3, 5, 10);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream empty = InputStream.nullInputStream();
    assertThatThrownBy(() -> decoder.decode(0, Map.of(0, empty, 1, empty), out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fewer than k fragments: need k=3, got 2");
    assertThatThrownBy(() -> decoder.decode(0, Map.of(0, empty, 1, empty, 5, empty), out))
        .hasMessage("fragment index 5 out of range [0, 5)");
    assertThatThrownBy(() -> decoder.decode(-1, Map.of(0, empty, 1, empty, 2, empty), out))
        .hasMessage("file size must not be negative, got -1");
    Map<Integer, InputStream> nullStream = new HashMap<>();
    nullStream.put(0, empty);
    nullStream.put(1, null);
    nullStream.put(2, empty);
    assertThatThrownBy(() -> decoder.decode(0, nullStream, out))
        .hasMessage("fragment stream 1 is null");
  }

  /** Hands out a few bytes per read, as a network stream may. */
  static final class TrickleInputStream extends FilterInputStream {
    private final Random random;

    TrickleInputStream(byte[] bytes, Random random) {
      super(new ByteArrayInputStream(bytes));
      this.random = random;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return super.read(b, off, Math.min(len, 1 + random.nextInt(70_000)));
    }
  }

  /** A stream that must not be read. */
  static final class ExplodingInputStream extends InputStream {
    @Override
    public int read() {
      throw new AssertionError("this fragment should not have been read");
    }

    @Override
    public int read(byte[] b, int off, int len) {
      throw new AssertionError("this fragment should not have been read");
    }
  }
}
