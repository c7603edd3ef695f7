package magnus.cli.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CodecBenchTest {
  @Test
  void generatesTheSameBytesAsTheIsalHarness() {
    // The first 16 bytes of fill_pseudo_random() in bench/isal/isal_bench.c.
    byte[] expected = {-125, 103, 0, 119, 83, -76, -25, 62, -20, 119, 103, -1, 79, 73, -108, -127};
    CodecBench.SplitMix64 random = new CodecBench.SplitMix64();
    byte[] actual = new byte[expected.length];
    for (int i = 0; i < actual.length; i++) {
      actual[i] = random.nextByte();
    }
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void encodesAndDecodesEveryStripeIncludingAShortLastOne() {
    CodecBench bench = new CodecBench(10, 14, 3 * 4096 + 17, 4096, "scalar");
    bench.verify();
    assertThat(bench.kernel()).isEqualTo("scalar");
  }

  @Test
  void rejectsACodeWithoutParityAndAnUnknownKernel() {
    assertThatThrownBy(() -> new CodecBench(4, 4, 1000, 1024, null))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("--n must exceed --k");
    assertThatThrownBy(() -> new CodecBench(2, 4, 1000, 1024, "gpu"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("gpu");
  }
}
