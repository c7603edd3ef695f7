package magnus.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CodeParametersTest {

  @Test
  void acceptsTheWholeRangeAndNothingOutsideIt() {
    assertThat(new CodeParameters(1, 1).parity()).isZero();
    assertThat(new CodeParameters(3, 5).parity()).isEqualTo(2);
    assertThat(new CodeParameters(256, 256).n()).isEqualTo(256);
    assertThat(CodeParameters.problem(1, 256)).isEmpty();
    assertThat(CodeParameters.problem(0, 5))
        .contains("k is 0; k (fragments needed) must be at least 1");
    assertThat(CodeParameters.problem(3, 257))
        .contains("n is 257; n (fragments made) must be at most 256");
    assertThat(CodeParameters.problem(6, 5).orElseThrow()).startsWith("k is 6 and n is 5;");
  }

  @Test
  void aNumberBeyondIntIsRefusedNotTruncated() {
    // 2^32 + 1 narrowed to int is 1, which would be a valid k.
    assertThat(CodeParameters.problem(4_294_967_297L, 5)).isPresent();
    assertThat(CodeParameters.problem(3, 4_294_967_301L)).isPresent();
  }

  @Test
  void theConstructorRefusesWithTheSameSentence() {
    assertThatThrownBy(() -> new CodeParameters(0, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(CodeParameters.problem(0, 3).orElseThrow());
  }
}
