package magnus.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import magnus.peers.control.Placement;
import magnus.peers.control.PlacementException;
import magnus.peers.entity.PeerDescriptor;
import org.junit.jupiter.api.Test;

class PlacementTest {

  static final long MB = 1_000_000;
  static final long GB = 1_000 * MB;
  static final String OWNER = "owner";

  static PeerDescriptor peer(String id, String domain, long freeBytes) {
    return new PeerDescriptor(
        id, "http://" + id + ":8080", domain, 10 * GB, freeBytes, Instant.EPOCH);
  }

  /** {@code perDomain[d]} peers in domain "d{d}", each with 1 GB free. */
  static List<PeerDescriptor> network(int... perDomain) {
    List<PeerDescriptor> peers = new ArrayList<>();
    for (int d = 0; d < perDomain.length; d++) {
      for (int i = 0; i < perDomain[d]; i++) {
        peers.add(peer("p" + d + "-" + i, "d" + d, GB));
      }
    }
    return peers;
  }

  static Map<String, Long> perDomain(List<PeerDescriptor> chosen) {
    return chosen.stream()
        .collect(Collectors.groupingBy(PeerDescriptor::failureDomain, Collectors.counting()));
  }

  @Test
  void spreadsEvenlyOverDomainsWhenNDivides() {
    for (long seed = 0; seed < 50; seed++) {
      List<PeerDescriptor> chosen =
          Placement.place(6, MB, OWNER, network(4, 4, 4), new Random(seed));
      assertThat(perDomain(chosen))
          .containsOnly(Map.entry("d0", 2L), Map.entry("d1", 2L), Map.entry("d2", 2L));
    }
  }

  @Test
  void noDomainHoldsMoreThanItsShareWhenNDoesNotDivide() {
    for (long seed = 0; seed < 50; seed++) {
      List<PeerDescriptor> chosen =
          Placement.place(5, MB, OWNER, network(3, 3, 3), new Random(seed));
      assertThat(perDomain(chosen).values()).allMatch(c -> c >= 1 && c <= 2);
    }
  }

  @Test
  void theExtraFragmentsGoToDomainsWithMoreCandidates() {
    // d0 has 5 candidates, d1 and d2 one each: one fragment each first, then the rest in d0.
    for (long seed = 0; seed < 20; seed++) {
      List<PeerDescriptor> chosen =
          Placement.place(5, MB, OWNER, network(5, 1, 1), new Random(seed));
      assertThat(perDomain(chosen))
          .containsOnly(Map.entry("d0", 3L), Map.entry("d1", 1L), Map.entry("d2", 1L));
    }
    // n=4 over 3, 1, 2 candidates: each domain once, then the fourth where most are left (d0).
    for (long seed = 0; seed < 20; seed++) {
      List<PeerDescriptor> chosen =
          Placement.place(4, MB, OWNER, network(3, 1, 2), new Random(seed));
      assertThat(perDomain(chosen))
          .containsOnly(Map.entry("d0", 2L), Map.entry("d1", 1L), Map.entry("d2", 1L));
    }
  }

  @Test
  void aSmallDomainIsUsedUpAndTheRestGoElsewhere() {
    List<PeerDescriptor> chosen = Placement.place(6, MB, OWNER, network(1, 5), new Random(1));
    assertThat(perDomain(chosen)).containsOnly(Map.entry("d0", 1L), Map.entry("d1", 5L));
  }

  @Test
  void choosesDistinctPeersAndExactlyN() {
    for (int n = 1; n <= 12; n++) {
      List<PeerDescriptor> chosen = Placement.place(n, MB, OWNER, network(4, 4, 4), new Random(n));
      assertThat(chosen).hasSize(n);
      assertThat(new HashSet<>(chosen)).hasSize(n);
    }
  }

  @Test
  void oneDomainOnlyStillPlacesOnDistinctPeers() {
    List<PeerDescriptor> chosen = Placement.place(4, MB, OWNER, network(4), new Random(3));
    assertThat(chosen).extracting(PeerDescriptor::id).doesNotHaveDuplicates().hasSize(4);
  }

  @Test
  void neverChoosesTheOwner() {
    List<PeerDescriptor> live = new ArrayList<>(network(2, 2));
    live.add(peer(OWNER, "d9", 100 * GB));
    for (long seed = 0; seed < 30; seed++) {
      assertThat(Placement.place(4, MB, OWNER, live, new Random(seed)))
          .extracting(PeerDescriptor::id)
          .doesNotContain(OWNER);
    }
  }

  @Test
  void skipsPeersWithoutRoomAndTakesThoseWithExactlyEnough() {
    List<PeerDescriptor> live =
        List.of(
            peer("a", "d0", 40 * MB),
            peer("b", "d1", 40 * MB - 1),
            peer("c", "d2", 100 * MB),
            peer("d", "d3", 0));
    List<PeerDescriptor> chosen = Placement.place(2, 40 * MB, OWNER, live, new Random(7));
    assertThat(chosen).extracting(PeerDescriptor::id).containsExactlyInAnyOrder("a", "c");
  }

  @Test
  void tooFewPeersFailsAndNamesTheNumbers() {
    List<PeerDescriptor> live = new ArrayList<>(network(1, 1, 1, 1));
    live.add(peer("full", "d5", 10 * MB));
    live.add(peer(OWNER, "d6", GB));
    assertThatThrownBy(() -> Placement.place(5, 40 * MB, OWNER, live, new Random(1)))
        .isInstanceOf(PlacementException.class)
        .hasMessage("need 5 peers with 40.0 MB free for n=5, 4 available (6 live)")
        .satisfies(
            e -> {
              assertThat(((PlacementException) e).needed()).isEqualTo(5);
              assertThat(((PlacementException) e).available()).isEqualTo(4);
            });
  }

  @Test
  void aHolderWhoseDiskIsFullIsNeverChosenWhateverItOffers() {
    // Offers 10 GB like the others, but its disk can take 1 MB more: it reports 1 MB free.
    PeerDescriptor full =
        new PeerDescriptor("full", "http://full:8080", "d9", 10 * GB, MB, Instant.EPOCH);
    List<PeerDescriptor> live = new ArrayList<>(network(1, 1, 1, 1, 1));
    live.add(full);
    for (long seed = 0; seed < 50; seed++) {
      assertThat(Placement.place(5, 40 * MB, OWNER, live, new Random(seed))).doesNotContain(full);
      assertThat(Placement.replacement(40 * MB, OWNER, List.of(), live, new Random(seed)))
          .isNotEqualTo(full);
    }
  }

  @Test
  void noPeersAtAll() {
    assertThatThrownBy(() -> Placement.place(3, 1_500_000_000L, OWNER, List.of(), new Random(1)))
        .isInstanceOf(PlacementException.class)
        .hasMessage("need 3 peers with 1.5 GB free for n=3, 0 available (0 live)");
  }

  @Test
  void theSameSeedGivesTheSameChoiceWhateverTheOrderOfTheLivePeers() {
    List<PeerDescriptor> live = network(3, 4, 2, 5);
    List<PeerDescriptor> shuffled = new ArrayList<>(live);
    Collections.shuffle(shuffled, new Random(99));
    for (long seed = 0; seed < 20; seed++) {
      assertThat(Placement.place(7, MB, OWNER, shuffled, new Random(seed)))
          .isEqualTo(Placement.place(7, MB, OWNER, live, new Random(seed)));
    }
  }

  @Test
  void differentSeedsSpreadTheLoadOverThePeersOfADomain() {
    // One generator for all the files, as a peer keeps one: the first outputs of java.util.Random
    // for neighbouring small seeds are alike, so a fresh generator per seed would not spread.
    Map<String, Integer> times = new HashMap<>();
    Random random = new Random(42);
    for (int file = 0; file < 200; file++) {
      for (PeerDescriptor p : Placement.place(2, MB, OWNER, network(4, 4), random)) {
        times.merge(p.id(), 1, Integer::sum);
      }
    }
    assertThat(times).hasSize(8);
    assertThat(times.values()).allMatch(t -> t > 20);
  }

  @Test
  void aPeerListedTwiceCountsOnce() {
    List<PeerDescriptor> live =
        List.of(peer("a", "d0", GB), peer("a", "d0", GB), peer("b", "d1", GB));
    assertThatThrownBy(() -> Placement.place(3, MB, OWNER, live, new Random(1)))
        .hasMessage("need 3 peers with 1.0 MB free for n=3, 2 available (2 live)");
  }

  @Test
  void nMustBePositive() {
    assertThatThrownBy(() -> Placement.place(0, MB, OWNER, network(3), new Random(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void replacementPrefersTheDomainThatTakenUsesLeast() {
    List<PeerDescriptor> live = network(3, 3, 3);
    List<PeerDescriptor> taken =
        live.stream().filter(p -> p.id().equals("p0-0") || p.id().equals("p1-0")).toList();
    for (long seed = 0; seed < 20; seed++) {
      PeerDescriptor chosen = Placement.replacement(MB, OWNER, taken, live, new Random(seed));
      assertThat(chosen.failureDomain()).isEqualTo("d2");
    }
  }

  @Test
  void replacementAvoidsTakenOwnerAndFullPeers() {
    List<PeerDescriptor> live =
        List.of(
            peer("a", "d0", GB),
            peer("b", "d0", GB),
            peer(OWNER, "d1", GB),
            peer("full", "d2", 0),
            peer("c", "d0", GB));
    List<PeerDescriptor> taken = List.of(live.get(0), live.get(1));
    for (long seed = 0; seed < 20; seed++) {
      assertThat(Placement.replacement(MB, OWNER, taken, live, new Random(seed)).id())
          .isEqualTo("c");
    }
  }

  @Test
  void replacementWithNoCandidateFailsAndNamesTheNumbers() {
    List<PeerDescriptor> live = network(2);
    assertThatThrownBy(() -> Placement.replacement(40 * MB, OWNER, live, live, new Random(1)))
        .isInstanceOf(PlacementException.class)
        .hasMessage(
            "need 1 more peer with 40.0 MB free besides the 2 already holding fragments,"
                + " 0 available (2 live)");
  }

  @Test
  void replacementIsDeterministicForASeed() {
    List<PeerDescriptor> live = network(3, 3, 3);
    List<PeerDescriptor> taken = List.of(live.get(0));
    assertThat(Placement.replacement(MB, OWNER, taken, live, new Random(5)))
        .isEqualTo(Placement.replacement(MB, OWNER, taken, live, new Random(5)));
  }
}
