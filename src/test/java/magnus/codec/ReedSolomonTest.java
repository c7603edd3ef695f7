package magnus.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Stripe encoding and decoding: every erasure pattern, every kernel, every bad argument. */
class ReedSolomonTest {

  static Stream<String> kernels() {
    return ReedSolomon.availableKernels().stream();
  }

  /** The parity by the definition: encoding matrix rows times the data, via Matrix. */
  static byte[][] referenceParity(ReedSolomon code, byte[][] data, int off, int len) {
    int k = code.k();
    byte[][] parity = new byte[code.n() - k][len];
    for (int r = k; r < code.n(); r++) {
      for (int c = 0; c < k; c++) {
        int coefficient = code.coefficient(r, c);
        for (int i = 0; i < len; i++) {
          parity[r - k][i] ^= (byte) Galois.mul(coefficient, data[c][off + i]);
        }
      }
    }
    return parity;
  }

  static byte[][] randomBlocks(Random random, int count, int len) {
    byte[][] blocks = new byte[count][len];
    for (byte[] b : blocks) {
      random.nextBytes(b);
    }
    return blocks;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void decodesFromEveryKSubsetOfSmallCodes(String kernel) {
    Random random = new Random(1);
    int checked = 0;
    for (int n = 1; n <= 8; n++) {
      for (int k = 1; k <= n; k++) {
        ReedSolomon code = ReedSolomon.of(k, n, kernel);
        int len = 1 + random.nextInt(150);
        byte[][] data = randomBlocks(random, k, len);
        byte[][] shares = code.encode(data);
        for (int mask = 0; mask < 1 << n; mask++) {
          if (Integer.bitCount(mask) != k) {
            continue;
          }
          List<Integer> subset = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            if ((mask >> i & 1) != 0) {
              subset.add(i);
            }
          }
          Collections.shuffle(subset, random); // the order of the given shares must not matter
          int[] indexes = subset.stream().mapToInt(Integer::intValue).toArray();
          byte[][] given = new byte[k][];
          for (int j = 0; j < k; j++) {
            given[j] = shares[indexes[j]];
          }
          byte[][] out = new byte[k][len];
          code.decode(indexes, given, 0, len, out);
          assertThat(out).as("(%d,%d) from %s", k, n, subset).isDeepEqualTo(data);
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(502); // sum over n <= 8 of (2^n - 1)
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void decodesFromRandomSubsetsOfTheLargestCodes(String kernel) {
    Random random = new Random(2);
    for (int k : new int[] {1, 2, 17, 100, 200, 255, 256}) {
      ReedSolomon code = ReedSolomon.of(k, 256, kernel);
      int len = 130;
      byte[][] data = randomBlocks(random, k, len);
      byte[][] shares = code.encode(data);
      for (int t = 0; t < 3; t++) {
        List<Integer> all = ZfecVectorsTest.range(0, 256);
        Collections.shuffle(all, random);
        Map<Integer, byte[]> given = new HashMap<>();
        for (int i : all.subList(0, k)) {
          given.put(i, shares[i]);
        }
        assertThat(code.decode(given)).as("(%d,256) try %d", k, t).isDeepEqualTo(data);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void kernelMatchesTheDefinitionAtAnyLengthAndOffset(String kernel) {
    Random random = new Random(3);
    int[][] codes = {
      {1, 2}, {2, 4}, {3, 9}, {4, 10}, {5, 10}, {6, 12}, {10, 14}, {7, 20}, {20, 40}
    };
    for (int[] kn : codes) {
      ReedSolomon code = ReedSolomon.of(kn[0], kn[1], kernel);
      for (int len :
          new int[] {0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 1000, 4099}) {
        int off = random.nextInt(5);
        int parityOff = random.nextInt(5);
        byte[][] data = randomBlocks(random, kn[0], off + len + 3);
        byte[][] parity = new byte[kn[1] - kn[0]][parityOff + len + 2];
        code.encodeParity(data, off, len, parity, parityOff);
        byte[][] expected = referenceParity(code, data, off, len);
        for (int j = 0; j < parity.length; j++) {
          assertThat(Arrays.copyOfRange(parity[j], parityOff, parityOff + len))
              .as("(%d,%d) len %d parity %d", kn[0], kn[1], len, j)
              .isEqualTo(expected[j]);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void longBlocksAtEveryAlignment(String kernel) {
    // Long blocks take the vector kernel's alignment prologue, whose length depends on the offset.
    Random random = new Random(8);
    for (int[] kn : new int[][] {{5, 10}, {10, 14}}) {
      ReedSolomon code = ReedSolomon.of(kn[0], kn[1], kernel);
      int len = 20_000 + random.nextInt(64);
      byte[][] data = randomBlocks(random, kn[0], len + 80);
      for (int off = 0; off <= 72; off += 9) {
        int parityOff = (off * 5) % 64;
        byte[][] parity = new byte[kn[1] - kn[0]][parityOff + len];
        code.encodeParity(data, off, len, parity, parityOff);
        byte[][] expected = referenceParity(code, data, off, len);
        for (int j = 0; j < parity.length; j++) {
          assertThat(Arrays.copyOfRange(parity[j], parityOff, parityOff + len))
              .as("(%d,%d) offset %d parity %d", kn[0], kn[1], off, j)
              .isEqualTo(expected[j]);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void manyOutputsOverManyChunks(String kernel) {
    // 20 parity outputs take several groups, and 300 KB blocks several chunks.
    Random random = new Random(4);
    ReedSolomon code = ReedSolomon.of(20, 40, kernel);
    int len = 300_001;
    byte[][] data = randomBlocks(random, 20, len);
    byte[][] parity = new byte[20][len];
    code.encodeParity(data, 0, len, parity, 0);
    assertThat(parity).isDeepEqualTo(referenceParity(code, data, 0, len));
    // Lose the first 15 data shares: decoding then has 15 outputs too.
    int[] indexes = new int[20];
    byte[][] shares = new byte[20][];
    for (int j = 0; j < 20; j++) {
      indexes[j] = 15 + j;
      shares[j] = indexes[j] < 20 ? data[indexes[j]] : parity[indexes[j] - 20];
    }
    byte[][] out = new byte[20][len];
    code.decode(indexes, shares, 0, len, out);
    assertThat(out).isDeepEqualTo(data);
  }

  @Test
  void kernelsAgreeOnRandomStripes() {
    List<String> kernels = ReedSolomon.availableKernels();
    Random random = new Random(5);
    for (int t = 0; t < 40; t++) {
      int n = 1 + random.nextInt(256);
      int k = 1 + random.nextInt(n);
      int len = random.nextInt(700);
      byte[][] data = randomBlocks(random, k, len);
      byte[][] first = null;
      for (String kernel : kernels) {
        byte[][] shares = ReedSolomon.of(k, n, kernel).encode(data);
        if (first == null) {
          first = shares;
        } else {
          assertThat(shares).as("(%d,%d) len %d on %s", k, n, len, kernel).isDeepEqualTo(first);
        }
      }
    }
  }

  @Test
  void moreThanKSharesPreferDataSharesAndAllDataNeedsNoArithmetic() {
    ReedSolomon code = ReedSolomon.of(3, 6);
    Random random = new Random(6);
    byte[][] data = randomBlocks(random, 3, 50);
    byte[][] shares = code.encode(data);
    // All six given, parity first: the data shares are used, so no decode plan is made.
    int[] indexes = {5, 4, 3, 2, 1, 0};
    byte[][] given = {shares[5], shares[4], shares[3], shares[2], shares[1], shares[0]};
    byte[][] out = new byte[3][50];
    code.decode(indexes, given, 0, 50, out);
    assertThat(out).isDeepEqualTo(data);
    assertThat(code.cachedDecodePlans()).isZero();
    // Decoding into the very arrays that hold the data shares works too (nothing to copy).
    byte[][] in = {shares[0].clone(), shares[1].clone(), shares[2].clone()};
    byte[][] same = {in[0], in[1], in[2]};
    code.decode(new int[] {0, 1, 2}, in, 0, 50, same);
    assertThat(same).isDeepEqualTo(data);
    // Shares at an offset.
    byte[][] shifted = new byte[3][];
    for (int i = 0; i < 3; i++) {
      shifted[i] = new byte[57];
      System.arraycopy(shares[i + 3], 0, shifted[i], 7, 50);
    }
    code.decode(new int[] {3, 4, 5}, shifted, 7, 50, out);
    assertThat(out).isDeepEqualTo(data);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void decodeMissingRebuildsOnlyTheLostDataBlocks(String kernel) {
    Random random = new Random(9);
    ReedSolomon code = ReedSolomon.of(10, 14, kernel);
    int len = 5000;
    byte[][] data = randomBlocks(random, 10, len);
    byte[][] shares = code.encode(data);
    int[] indexes = {13, 0, 2, 3, 5, 6, 8, 9, 10, 11};
    byte[][] given = new byte[indexes.length][];
    for (int j = 0; j < indexes.length; j++) {
      given[j] = shares[indexes[j]];
    }
    byte[][] out = new byte[10][];
    for (int i : new int[] {1, 4, 7}) {
      out[i] = new byte[len + 3];
    }
    assertThat(code.decodeMissing(indexes, given, 0, len, out, 3)).containsExactly(1, 4, 7);
    for (int i : new int[] {1, 4, 7}) {
      assertThat(Arrays.copyOfRange(out[i], 3, 3 + len)).isEqualTo(data[i]);
    }
    // Nothing missing: nothing to do, and every slot may be null.
    int[] allData = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    byte[][] dataShares = Arrays.copyOf(shares, 10);
    assertThat(code.decodeMissing(allData, dataShares, 0, len, new byte[10][], 0)).isEmpty();
    assertThatThrownBy(() -> code.decodeMissing(indexes, given, 0, len, new byte[10][], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("output block 1 is null");
    assertThatThrownBy(() -> code.decodeMissing(indexes, given, 0, len, new byte[9][], 0))
        .hasMessage("need 10 output slots, got 9");
    byte[][] shortSlot = out.clone();
    shortSlot[4] = new byte[len];
    assertThatThrownBy(() -> code.decodeMissing(indexes, given, 0, len, shortSlot, 3))
        .hasMessage("output block 4 has 5000 bytes, too short for offset 3 + length 5000");
  }

  @Test
  void decodeMatricesAreCachedPerErasurePattern() {
    ReedSolomon code = ReedSolomon.of(2, 4);
    byte[][] shares = code.encode(new byte[][] {{1, 2}, {3, 4}});
    Map<Integer, byte[]> a = Map.of(0, shares[0], 3, shares[3]);
    Map<Integer, byte[]> b = Map.of(2, shares[2], 3, shares[3]);
    code.decode(a);
    code.decode(a);
    assertThat(code.cachedDecodePlans()).isEqualTo(1);
    code.decode(b);
    assertThat(code.cachedDecodePlans()).isEqualTo(2);
    assertThat(code.decode(b)).isDeepEqualTo(new byte[][] {{1, 2}, {3, 4}});
  }

  @Test
  void kEqualsNHasNoParity() {
    ReedSolomon code = ReedSolomon.of(4, 4);
    byte[][] data = randomBlocks(new Random(7), 4, 9);
    code.encodeParity(data, 0, 9, new byte[0][], 0);
    assertThat(code.encode(data)).isDeepEqualTo(data);
    assertThat(code.decode(Map.of(0, data[0], 1, data[1], 2, data[2], 3, data[3])))
        .isDeepEqualTo(data);
  }

  @Test
  void badParametersAreNamed() {
    assertThatThrownBy(() -> ReedSolomon.of(0, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("k is 0; k (fragments needed) must be at least 1");
    assertThatThrownBy(() -> ReedSolomon.of(6, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "k is 6 and n is 5; k (fragments needed) must not exceed n (fragments made): 1 <= k <= n <= 256");
    assertThatThrownBy(() -> ReedSolomon.of(3, 257))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("n is 257; n (fragments made) must be at most 256");
    assertThatThrownBy(() -> ReedSolomon.of(3, 5, "turbo"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown codec kernel 'turbo'; expected scalar, vector or auto");
  }

  @Test
  void badEncodeArgumentsAreNamed() {
    ReedSolomon code = ReedSolomon.of(2, 4);
    byte[][] data = new byte[2][10];
    byte[][] parity = new byte[2][10];
    assertThatThrownBy(() -> code.encodeParity(new byte[3][10], 0, 10, parity, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("need 2 data blocks, got 3");
    assertThatThrownBy(() -> code.encodeParity(data, 0, 10, new byte[1][10], 0))
        .hasMessage("need 2 parity blocks, got 1");
    assertThatThrownBy(() -> code.encodeParity(new byte[][] {data[0], null}, 0, 10, parity, 0))
        .hasMessage("data block 1 is null");
    assertThatThrownBy(() -> code.encodeParity(data, 1, 10, parity, 0))
        .hasMessage("data block 0 has 10 bytes, too short for offset 1 + length 10");
    assertThatThrownBy(
            () -> code.encodeParity(data, 0, 10, new byte[][] {new byte[10], new byte[9]}, 0))
        .hasMessage("parity block 1 has 9 bytes, too short for offset 0 + length 10");
    assertThatThrownBy(() -> code.encodeParity(data, -1, 10, parity, 0))
        .hasMessage("negative data offset or length: offset -1, length 10");
    assertThatThrownBy(() -> code.encodeParity(data, 0, -2, parity, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> code.encode(new byte[][] {new byte[3], new byte[4]}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unequal share lengths: data block 1 has 4 bytes, the first has 3");
    assertThatThrownBy(() -> code.encode(new byte[1][3])).hasMessage("need k=2 data blocks, got 1");
  }

  @Test
  void badDecodeArgumentsAreNamed() {
    ReedSolomon code = ReedSolomon.of(3, 5);
    byte[][] s = new byte[3][8];
    byte[][] out = new byte[3][8];
    assertThatThrownBy(() -> code.decode(new int[] {0, 1}, new byte[2][8], 0, 8, out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fewer than k shares: need k=3, got 2");
    assertThatThrownBy(() -> code.decode(new int[] {0, 1, 1}, s, 0, 8, out))
        .hasMessage("duplicate share index 1 at positions 1 and 2");
    assertThatThrownBy(() -> code.decode(new int[] {0, 1, 5}, s, 0, 8, out))
        .hasMessage("share index 5 out of range [0, 5) at position 2");
    assertThatThrownBy(() -> code.decode(new int[] {-1, 1, 2}, s, 0, 8, out))
        .hasMessage("share index -1 out of range [0, 5) at position 0");
    assertThatThrownBy(() -> code.decode(new int[] {0, 1, 2, 3}, s, 0, 8, out))
        .hasMessage("got 4 share indexes but 3 shares");
    assertThatThrownBy(
            () ->
                code.decode(new int[] {0, 1, 2}, new byte[][] {s[0], s[1], new byte[7]}, 0, 8, out))
        .hasMessage("share block 2 has 7 bytes, too short for offset 0 + length 8");
    assertThatThrownBy(() -> code.decode(new int[] {0, 1, 2}, s, 0, 8, new byte[2][8]))
        .hasMessage("need 3 output blocks, got 2");
    assertThatThrownBy(() -> code.decode(Map.of(0, new byte[3], 1, new byte[3], 4, new byte[2])))
        .hasMessageStartingWith("unequal share lengths:");
    assertThatThrownBy(() -> code.decode(Map.of(0, new byte[3], 1, new byte[3])))
        .hasMessage("fewer than k shares: need k=3, got 2");
    assertThatThrownBy(() -> code.decode(Map.of(0, new byte[3], 1, new byte[3], 7, new byte[3])))
        .hasMessageStartingWith("share index 7 out of range [0, 5)");
  }
}
