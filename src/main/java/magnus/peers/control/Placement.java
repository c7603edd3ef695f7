package magnus.peers.control;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import magnus.peers.entity.PeerDescriptor;
import magnus.units.Units;

/**
 * Chooses the peers that hold a file's fragments. Pure functions: the same arguments and the same
 * seed of {@code random} give the same choice, whatever the order of {@code live}. Room is each
 * descriptor's {@link PeerDescriptor#freeBytes() free bytes}: what the peer reported it can still
 * take (its offer less what it holds, at most what its disk takes), never its offer.
 *
 * <p>Spreading over failure domains is what lets a file survive the loss of a whole rack or room:
 * with n fragments over d domains, no domain holds more than ceil(n/d) of them. There is no silent
 * downgrade: when fewer than n peers qualify, placement fails and says so.
 */
public final class Placement {

  private Placement() {}

  /**
   * Chooses n distinct peers for the n fragments of a file: never the owner, each with at least
   * {@code fragmentBytes} free, spread over failure domains as evenly as possible, at random within
   * a domain.
   *
   * <p>Domains are taken round-robin: each fragment goes to a domain that holds the fewest of this
   * file's fragments so far; among those, to one with the most candidates left (so that when n does
   * not divide evenly, the larger domains take the extra fragments and the small ones are not
   * exhausted), and among equals at random.
   *
   * @return n peers; element i holds fragment i
   * @throws PlacementException when fewer than n peers qualify; its message names both numbers
   */
  public static List<PeerDescriptor> place(
      int n, long fragmentBytes, String ownerId, Collection<PeerDescriptor> live, Random random) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1 (got " + n + ")");
    }
    List<PeerDescriptor> peers = distinct(live);
    List<PeerDescriptor> eligible = eligible(peers, fragmentBytes, ownerId, Set.of());
    if (eligible.size() < n) {
      throw new PlacementException(
          "need "
              + n
              + " peers with "
              + Units.bytes(fragmentBytes)
              + " free for n="
              + n
              + ", "
              + eligible.size()
              + " available ("
              + peers.size()
              + " live)",
          n,
          eligible.size());
    }
    Map<String, List<PeerDescriptor>> domains = byDomain(eligible, random);
    Map<String, Integer> used = new TreeMap<>();
    List<PeerDescriptor> chosen = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String domain = leastUsed(domains, used, random);
      chosen.add(domains.get(domain).remove(0));
      used.merge(domain, 1, Integer::sum);
    }
    return chosen;
  }

  /**
   * Chooses one more peer, for a fragment whose first holder failed: not the owner, none of {@code
   * taken}, with room, preferring a failure domain that {@code taken} uses least.
   *
   * @throws PlacementException when no peer qualifies; its message names the numbers
   */
  public static PeerDescriptor replacement(
      long fragmentBytes,
      String ownerId,
      Collection<PeerDescriptor> taken,
      Collection<PeerDescriptor> live,
      Random random) {
    List<PeerDescriptor> peers = distinct(live);
    Set<String> takenIds = new HashSet<>();
    Map<String, Integer> used = new TreeMap<>();
    for (PeerDescriptor peer : taken) {
      if (takenIds.add(peer.id())) {
        used.merge(peer.failureDomain(), 1, Integer::sum);
      }
    }
    List<PeerDescriptor> eligible = eligible(peers, fragmentBytes, ownerId, takenIds);
    if (eligible.isEmpty()) {
      throw new PlacementException(
          "need 1 more peer with "
              + Units.bytes(fragmentBytes)
              + " free besides the "
              + takenIds.size()
              + " already holding fragments, 0 available ("
              + peers.size()
              + " live)",
          1,
          0);
    }
    Map<String, List<PeerDescriptor>> domains = byDomain(eligible, random);
    return domains.get(leastUsed(domains, used, random)).get(0);
  }

  /**
   * One descriptor per peer id, in id order, so that the choice depends on the seed alone and not
   * on the order the caller happened to collect the peers in. Of two descriptors of one peer, the
   * one seen last wins.
   */
  static List<PeerDescriptor> distinct(Collection<PeerDescriptor> live) {
    Map<String, PeerDescriptor> byId = new TreeMap<>();
    for (PeerDescriptor peer : live) {
      byId.merge(
          peer.id(),
          peer,
          (a, b) ->
              a.seenAt() != null && (b.seenAt() == null || a.seenAt().isAfter(b.seenAt())) ? a : b);
    }
    return new ArrayList<>(byId.values());
  }

  private static List<PeerDescriptor> eligible(
      List<PeerDescriptor> peers, long fragmentBytes, String ownerId, Set<String> excluded) {
    return peers.stream()
        .filter(p -> !p.id().equals(ownerId))
        .filter(p -> !excluded.contains(p.id()))
        .filter(p -> p.freeBytes() >= fragmentBytes)
        .toList();
  }

  /** The candidates by failure domain (in domain order), each domain's list shuffled. */
  private static Map<String, List<PeerDescriptor>> byDomain(
      List<PeerDescriptor> eligible, Random random) {
    Map<String, List<PeerDescriptor>> sorted = new TreeMap<>();
    for (PeerDescriptor peer : eligible) {
      sorted.computeIfAbsent(peer.failureDomain(), d -> new ArrayList<>()).add(peer);
    }
    Map<String, List<PeerDescriptor>> domains = new LinkedHashMap<>();
    sorted.forEach(
        (domain, peers) -> {
          Collections.shuffle(peers, random);
          domains.put(domain, peers);
        });
    return domains;
  }

  /**
   * A domain with candidates left that holds the fewest fragments so far; among those, one with the
   * most candidates left; among equals, one at random.
   */
  private static String leastUsed(
      Map<String, List<PeerDescriptor>> domains, Map<String, Integer> used, Random random) {
    Comparator<String> preference =
        Comparator.<String>comparingInt(d -> used.getOrDefault(d, 0))
            .thenComparing(Comparator.<String>comparingInt(d -> domains.get(d).size()).reversed());
    List<String> best = new ArrayList<>();
    for (String domain : domains.keySet()) {
      if (domains.get(domain).isEmpty()) {
        continue;
      }
      int order = best.isEmpty() ? -1 : preference.compare(domain, best.get(0));
      if (order < 0) {
        best.clear();
        best.add(domain);
      } else if (order == 0) {
        best.add(domain);
      }
    }
    return best.get(best.size() == 1 ? 0 : random.nextInt(best.size()));
  }
}
