package magnus.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Checks every kernel, and the streaming layer, against zfec's own output. */
class ZfecVectorsTest {

  static Stream<String> kernels() {
    return ReedSolomon.availableKernels().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void parityIsByteIdenticalToZfec(String kernel) {
    assertThat(ZfecVectors.STRIPES).hasSizeGreaterThan(50);
    for (ZfecVectors.Stripe s : ZfecVectors.STRIPES) {
      ReedSolomon code = ReedSolomon.of(s.k(), s.n(), kernel);
      assertThat(code.encode(s.data())).as("%s", s).isDeepEqualTo(s.shares());

      // The same through encodeParity, at offsets, with the rest of the arrays left alone.
      byte[][] data = new byte[s.k()][s.len() + 3];
      for (int i = 0; i < s.k(); i++) {
        System.arraycopy(s.data()[i], 0, data[i], 3, s.len());
      }
      byte[][] parity = new byte[s.n() - s.k()][s.len() + 9];
      for (byte[] p : parity) {
        java.util.Arrays.fill(p, (byte) 0x5a);
      }
      code.encodeParity(data, 3, s.len(), parity, 5);
      for (int j = 0; j < parity.length; j++) {
        assertThat(java.util.Arrays.copyOfRange(parity[j], 5, 5 + s.len()))
            .as("%s parity %d", s, j)
            .isEqualTo(s.parity()[j]);
        assertThat(parity[j])
            .startsWith((byte) 0x5a, (byte) 0x5a, (byte) 0x5a, (byte) 0x5a, (byte) 0x5a);
        assertThat(parity[j]).endsWith((byte) 0x5a, (byte) 0x5a, (byte) 0x5a, (byte) 0x5a);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void zfecSharesDecode(String kernel) {
    Random random = new Random(7);
    for (ZfecVectors.Stripe s : ZfecVectors.STRIPES) {
      ReedSolomon code = ReedSolomon.of(s.k(), s.n(), kernel);
      byte[][] shares = s.shares();
      List<List<Integer>> subsets = new ArrayList<>();
      subsets.add(range(0, s.k()));
      subsets.add(range(s.n() - s.k(), s.n()));
      for (int t = 0; t < 3; t++) {
        List<Integer> all = range(0, s.n());
        Collections.shuffle(all, random);
        subsets.add(all.subList(0, s.k()));
      }
      for (List<Integer> subset : subsets) {
        Map<Integer, byte[]> given = new LinkedHashMap<>();
        for (int i : subset) {
          given.put(i, shares[i]);
        }
        assertThat(code.decode(given)).as("%s from %s", s, subset).isDeepEqualTo(s.data());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void fragmentsAreByteIdenticalToZfecSegments(String kernel) throws IOException {
    assertThat(ZfecVectors.FILES).hasSizeGreaterThan(20);
    for (ZfecVectors.FileVector f : ZfecVectors.FILES) {
      ReedSolomon code = ReedSolomon.of(f.k(), f.n(), kernel);
      ByteArrayOutputStream[] outs = new ByteArrayOutputStream[f.n()];
      for (int i = 0; i < outs.length; i++) {
        outs[i] = new ByteArrayOutputStream();
      }
      long read =
          new FragmentEncoder(code, f.segmentSize())
              .encode(new ByteArrayInputStream(f.data()), (OutputStream[]) outs);
      assertThat(read).isEqualTo(f.data().length);
      for (int i = 0; i < f.n(); i++) {
        assertThat(outs[i].toByteArray()).as("%s fragment %d", f, i).isEqualTo(f.fragments()[i]);
        assertThat(FragmentEncoder.fragmentSize(f.data().length, f.k(), f.segmentSize()))
            .isEqualTo(f.fragments()[i].length);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void zfecFragmentsDecode(String kernel) throws IOException {
    Random random = new Random(11);
    for (ZfecVectors.FileVector f : ZfecVectors.FILES) {
      ReedSolomon code = ReedSolomon.of(f.k(), f.n(), kernel);
      List<List<Integer>> subsets = new ArrayList<>();
      subsets.add(range(0, f.n()));
      subsets.add(range(f.n() - f.k(), f.n()));
      List<Integer> all = range(0, f.n());
      Collections.shuffle(all, random);
      subsets.add(all.subList(0, f.k()));
      for (List<Integer> subset : subsets) {
        Map<Integer, InputStream> given = new LinkedHashMap<>();
        for (int i : subset) {
          given.put(i, new ByteArrayInputStream(f.fragments()[i]));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FragmentDecoder(code, f.segmentSize()).decode(f.data().length, given, out);
        assertThat(out.toByteArray()).as("%s from %s", f, subset).isEqualTo(f.data());
      }
    }
  }

  static List<Integer> range(int from, int to) {
    List<Integer> list = new ArrayList<>();
    for (int i = from; i < to; i++) {
      list.add(i);
    }
    return list;
  }
}
