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
  void idsAddedInAnyOrderWithRepeatsAreFoundOnceSealed() {
    Random random = new Random(11);
    List<String> added = new java.util.ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      added.add(randomId(random));
    }
    // Repeats, near and far apart, and ids that differ only in their last digit.
    added.addAll(added.subList(0, 700));
    added.add(added.get(3));
    String last = added.get(10);
    added.add(last.substring(0, 63) + (last.charAt(63) == 'f' ? 'e' : 'f'));
    java.util.Collections.shuffle(added, random);
    KnownBlobs live = new KnownBlobs(1);
    added.forEach(live::addAny);
    assertThatThrownBy(() -> live.contains(last)).isInstanceOf(IllegalStateException.class);
    live.seal();
    TreeSet<String> distinct = new TreeSet<>(added);
    assertThat(live.size()).isEqualTo(distinct.size());
    assertThat(distinct.stream().filter(id -> !live.contains(id))).isEmpty();
    for (int i = 0; i < 5_000; i++) {
      String other = randomId(random);
      assertThat(live.contains(other)).isEqualTo(distinct.contains(other));
    }
    // Sealed, it is in order: in-order adds go on from its largest id.
    live.add("f".repeat(64));
    assertThat(live.contains("f".repeat(64))).isTrue();
    assertThatThrownBy(() -> live.add(distinct.first()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSetOfOneOrNoneSealsAsItIs() {
    KnownBlobs none = new KnownBlobs(0);
    none.seal();
    assertThat(none.size()).isZero();
    KnownBlobs one = new KnownBlobs(0);
    one.addAny("c".repeat(64));
    one.addAny("c".repeat(64));
    one.seal();
    assertThat(one.size()).isEqualTo(1);
    assertThat(one.contains("c".repeat(64))).isTrue();
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
