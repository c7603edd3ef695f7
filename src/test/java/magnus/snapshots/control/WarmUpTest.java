package magnus.snapshots.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WarmUpTest {

  @Test
  void runsEveryPathForTheCodesAPeerMayHave() throws Exception {
    // The same made-up bytes give the same result: nothing in it depends on the clock or on a
    // random seed, and a code without parity skips the kernel instead of failing.
    assertThat(WarmUp.run(3, 5)).isEqualTo(WarmUp.run(3, 5));
    assertThat(WarmUp.run(1, 1)).isEqualTo(WarmUp.run(1, 1));
    WarmUp.run(10, 14);
  }

  @Test
  void aCodeOutsideTheRuleIsRefusedAsTheCodecRefusesIt() {
    assertThatThrownBy(() -> WarmUp.run(4, 3)).isInstanceOf(IllegalArgumentException.class);
  }
}
