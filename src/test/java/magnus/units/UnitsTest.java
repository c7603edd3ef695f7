package magnus.units;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnitsTest {

  @Test
  void bytesAreDecimalWithOneDecimalPlace() {
    assertThat(Units.bytes(0)).isEqualTo("0 B");
    assertThat(Units.bytes(999)).isEqualTo("999 B");
    assertThat(Units.bytes(1000)).isEqualTo("1.0 kB");
    assertThat(Units.bytes(40_000_000)).isEqualTo("40.0 MB");
    assertThat(Units.bytes(1_500_000_000)).isEqualTo("1.5 GB");
    // 999.96 kB rounds to 1000.0 kB in %.1f; it must read as the next unit instead.
    assertThat(Units.bytes(999_960)).isEqualTo("1.0 MB");
    assertThat(Units.bytes(Long.MAX_VALUE)).isEqualTo("9.2 EB");
  }

  @Test
  void durationsGrowTheirUnit() {
    assertThat(Units.duration(45)).isEqualTo("45s");
    assertThat(Units.duration(185)).isEqualTo("3m05s");
    assertThat(Units.duration(7620)).isEqualTo("2h07m");
  }
}
