package magnus.snapshots.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class KnownBlobsTest {

  static String randomId(Random random) {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  @Test
  void findsEveryIdAddedAndNoOtherAsAHashSetWould() {
    Random random = new Random(9);
    TreeSet<String> ids = new TreeSet<>();
    while (ids.size() < 20_000) {
      ids.add(randomId(random));
    }
    // Ids that differ from a stored one only in their last digit, or only in their first word.
    String first = ids.first();
    ids.add(first.substring(0, 63) + (first.charAt(63) == 'f' ? 'e' : 'f'));
    ids.add("0000000000000000" + first.substring(16));
    ids.add("ffffffffffffffff" + first.substring(16));
    // Fewer expected than added: the array grows.
    KnownBlobs known = new KnownBlobs(10);
    for (String id : ids) {
      known.add(id);
    }
    assertThat(known.size()).isEqualTo(ids.size());
    assertThat(ids.stream().filter(id -> !known.contains(id))).isEmpty();
    Set<String> others = new HashSet<>();
    while (others.size() < 20_000) {
      String id = randomId(random);
      if (!ids.contains(id)) {
        others.add(id);
      }
    }
    assertThat(others.stream().filter(known::contains)).isEmpty();
    String near = first.substring(0, 63) + (first.charAt(63) == '0' ? '1' : '0');
    assertThat(known.contains(near)).isEqualTo(ids.contains(near));
  }

  @Test
  void anEmptySetHoldsNothing() {
    KnownBlobs known = new KnownBlobs(0);
    assertThat(known.contains(randomId(new Random(1)))).isFalse();
    assertThat(known.size()).isZero();
  }

  @Test
  void idsOutOfOrderOrRepeatedAreRefused() {
    KnownBlobs known = new KnownBlobs(4);
    String a = "a".repeat(64);
    String b = "b".repeat(64);
    known.add(b);
    assertThatThrownBy(() -> known.add(a))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of order at " + a);
    assertThatThrownBy(() -> known.add(b)).isInstanceOf(IllegalArgumentException.class);
    assertThat(known.size()).isEqualTo(1);
  }

  @Test
  void whatIsNotAnIdIsRefusedWhenAddedAndNeverFound() {
    KnownBlobs known = new KnownBlobs(1);
    for (String bad : List.of("A".repeat(64), "g".repeat(64), "a".repeat(63), "")) {
      assertThatThrownBy(() -> known.add(bad)).isInstanceOf(IllegalArgumentException.class);
      assertThat(known.contains(bad)).isFalse();
    }
    assertThat(known.contains(null)).isFalse();
    assertThat(known.size()).isZero();
  }
}
