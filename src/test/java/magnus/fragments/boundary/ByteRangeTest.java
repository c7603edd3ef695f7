package magnus.fragments.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

  @Test
  void theThreeFormsOfOneRange() {
    assertThat(ByteRange.parse("bytes=10-19", 100)).contains(new ByteRange(10, 10));
    assertThat(ByteRange.parse("bytes=90-", 100)).contains(new ByteRange(90, 10));
    assertThat(ByteRange.parse("bytes=-5", 100)).contains(new ByteRange(95, 5));
    assertThat(ByteRange.parse("bytes=-500", 100)).contains(new ByteRange(0, 100));
    assertThat(ByteRange.parse("bytes=0-999", 100)).contains(new ByteRange(0, 100));
    assertThat(ByteRange.parse(null, 100)).isEmpty();
    assertThat(new ByteRange(10, 10).contentRange(100)).isEqualTo("bytes 10-19/100");
  }

  @Test
  void malformedAndUnsatisfiableRangesAreToldApart() {
    for (String bad :
        new String[] {"bytes=", "bytes=-", "bytes=1-2,4-5", "items=1-2", "bytes=a-b"}) {
      assertThatThrownBy(() -> ByteRange.parse(bad, 100))
          .isInstanceOfSatisfying(
              ByteRange.Refused.class, r -> assertThat(r.unsatisfiable).isFalse())
          .hasMessageContaining("not one byte range");
    }
    assertThatThrownBy(() -> ByteRange.parse("bytes=5-1", 100)).hasMessageContaining("ends before");
    assertThatThrownBy(() -> ByteRange.parse("bytes=100-", 100))
        .isInstanceOfSatisfying(ByteRange.Refused.class, r -> assertThat(r.unsatisfiable).isTrue());
    assertThatThrownBy(() -> ByteRange.parse("bytes=-0", 100))
        .isInstanceOfSatisfying(ByteRange.Refused.class, r -> assertThat(r.unsatisfiable).isTrue());
    // Digits past what a long holds are not a range, rather than an overflow.
    assertThatThrownBy(() -> ByteRange.parse("bytes=9999999999999999999-", 100))
        .hasMessageContaining("not one byte range");
  }
}
