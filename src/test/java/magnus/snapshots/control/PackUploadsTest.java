package magnus.snapshots.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PackUploadsTest {

  @Test
  void packsGrowFromSixteenMibToSixtyFourAndNoFurther() {
    long mib = 1L << 20;
    assertThat(PackUploads.target(0)).isEqualTo(16 * mib);
    assertThat(PackUploads.target(1)).isEqualTo(16 * mib);
    assertThat(PackUploads.target(2)).isEqualTo(32 * mib);
    assertThat(PackUploads.target(3)).isEqualTo(32 * mib);
    assertThat(PackUploads.target(4)).isEqualTo(64 * mib);
    assertThat(PackUploads.target(1000)).isEqualTo(64 * mib);
    assertThat(PackUploads.target(Integer.MAX_VALUE)).isEqualTo(64 * mib);
  }

  @Test
  void aFewFailuresAreNamedOneByOneAndManyAreCounted() {
    assertThat(PackUploads.summary(List.of())).isEmpty();
    assertThat(PackUploads.summary(List.of("pack a: full", "pack b: full")))
        .isEqualTo("pack a: full; pack b: full");
    assertThat(PackUploads.summary(List.of("pack a: full", "pack b: full", "pack c: full", "d")))
        .isEqualTo("pack a: full; pack b: full; and 2 more packs failed (the peer's log has each)");
  }

  @Test
  void newIdsAre32HexDigitsAndNeverTheSame() {
    String a = PackUploads.newId();
    assertThat(a).matches("[0-9a-f]{32}");
    assertThat(PackUploads.newId()).isNotEqualTo(a);
  }
}
