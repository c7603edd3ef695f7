package magnus.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import magnus.testing.Databases;
import magnus.testing.Scripts.Run;
import magnus.testing.TestNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Discovery over the Data Grid on a real local network started with {@code bin/magnus-network}:
 * three peers find each other, a fourth joins with {@code add-peer} while the others run on, a
 * killed peer drops out of the live set within the grid's TTL, and every peer remembers the peers
 * it has seen in its own database. The network lives under {@code target/it-discovery} with its own
 * ports, databases and grid cluster name, so that no other network is touched.
 *
 * <p>The peers offer 1 PB each, far more than the disk has, so that what they publish shows whether
 * it is the real free space or only the offer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DiscoveryIT {

  static final int BASE_PORT = 18400;

  /** What each peer offers: 1 PB (10^15 bytes), more than any disk here. */
  static final long OFFER = 1_000_000_000_000_000L;

  static final TestNetwork NETWORK =
      new TestNetwork(
          "discovery",
          BASE_PORT,
          TestNetwork.quickBoot(Map.of("MAGNUS_CAPACITY_BYTES", "" + OFFER)));

  /** Enough for the grid to form and a few heartbeats, on a busy two-core machine. */
  static final Duration SEE_EACH_OTHER = Duration.ofSeconds(90);

  /** The grid's TTL (15 s), one snapshot refresh (5 s), and slack for a busy machine. */
  static final Duration DROP_OUT = Duration.ofSeconds(35);

  /** One entry of GET /api/peers. */
  record Peer(
      String id,
      String url,
      String domain,
      boolean live,
      boolean self,
      String seenAt,
      long capacityBytes,
      long freeBytes) {}

  @BeforeAll
  static void startNetwork() throws Exception {
    Run start = NETWORK.start(3);
    assertThat(start.exitCode()).as(start.output()).isZero();
    assertThat(start.output()).contains("3/3 ready", "Data Grid " + (BASE_PORT + 64));
  }

  @AfterAll
  static void stopNetwork() throws Exception {
    NETWORK.network("stop");
  }

  @Test
  @Order(1)
  void threePeersSeeEachOther() throws Exception {
    for (int i = 0; i < 3; i++) {
      List<Peer> peers = awaitPeers(i, SEE_EACH_OTHER, p -> liveUrls(p).size() == 3);
      assertThat(liveUrls(peers)).containsExactlyInAnyOrder(url(0), url(1), url(2));
      assertThat(peers.stream().filter(Peer::self).map(Peer::url)).containsExactly(url(i));
      assertThat(peers).extracting(Peer::domain).contains("local-0", "local-1", "local-2");
      assertThat(peers)
          .extracting(Peer::id)
          .doesNotHaveDuplicates()
          .allMatch(id -> id.matches("[0-9a-f]{32}"));
    }
  }

  @Test
  @Order(2)
  void everyPeerPublishesTheRoomItReallyHasNotItsOffer() throws Exception {
    long disk = Files.getFileStore(NETWORK.state()).getTotalSpace();
    for (int i = 0; i < 3; i++) {
      List<Peer> peers = awaitPeers(i, SEE_EACH_OTHER, p -> liveUrls(p).size() == 3);
      for (Peer peer : peers) {
        assertThat(peer.capacityBytes()).as(peer.url()).isEqualTo(OFFER);
        // All peers share one disk of this size; none may claim more room than it has.
        assertThat(peer.freeBytes()).as(peer.url()).isPositive().isLessThanOrEqualTo(disk);
      }
    }
  }

  @Test
  @Order(3)
  void addPeerJoinsTheRunningNetworkAndTheOthersRunOn() throws Exception {
    List<String> pidsBefore = pids(3);
    Run add = NETWORK.network("add-peer");
    assertThat(add.exitCode()).as(add.output()).isZero();
    assertThat(add.output()).contains("peer 3 is ready at " + url(3));
    assertThat(pids(3)).as("the first three peers were not restarted").isEqualTo(pidsBefore);
    assertThat(Files.readString(NETWORK.state().resolve("network.conf"))).contains("PEERS=4");
    for (int i = 0; i < 4; i++) {
      List<Peer> peers = awaitPeers(i, SEE_EACH_OTHER, p -> liveUrls(p).size() == 4);
      assertThat(liveUrls(peers)).containsExactlyInAnyOrder(url(0), url(1), url(2), url(3));
    }
    assertThat(NETWORK.network("status").output()).contains(url(3), "" + (BASE_PORT + 64 + 3));
  }

  @Test
  @Order(4)
  void aKilledPeerDropsOutOfTheLiveSetWithinTheTtl() throws Exception {
    Run kill = NETWORK.network("kill", "1");
    assertThat(kill.exitCode()).as(kill.output()).isZero();
    long start = System.nanoTime();
    for (int i : new int[] {0, 2, 3}) {
      Duration left = DROP_OUT.minus(Duration.ofNanos(System.nanoTime() - start));
      List<Peer> peers = awaitPeers(i, left, p -> !liveUrls(p).contains(url(1)));
      assertThat(liveUrls(peers)).containsExactlyInAnyOrder(url(0), url(2), url(3));
      // Still known, no longer live, with the time it was last seen.
      Peer gone = peers.stream().filter(p -> p.url().equals(url(1))).findFirst().orElseThrow();
      assertThat(gone.live()).isFalse();
      assertThat(gone.seenAt()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
      // Live ones first.
      assertThat(peers.subList(0, 3)).allMatch(Peer::live);
    }
  }

  @Test
  @Order(5)
  void everyPeerRemembersThePeersItHasSeenWithLastSeenTimes() throws Exception {
    Map<String, Timestamp[]> rows = new HashMap<>();
    try (Connection c =
            DriverManager.getConnection(Databases.SERVER + NETWORK.database(0), "postgres", "");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT url, first_seen_at, last_seen_at, failure_domain FROM known_peers")) {
      while (rs.next()) {
        rows.put(rs.getString(1), new Timestamp[] {rs.getTimestamp(2), rs.getTimestamp(3)});
      }
    }
    assertThat(rows.keySet()).containsExactlyInAnyOrder(url(0), url(1), url(2), url(3));
    for (Timestamp[] seen : rows.values()) {
      assertThat(seen[0]).isNotNull();
      assertThat(seen[1]).isNotNull().isAfterOrEqualTo(seen[0]);
    }
    // The killed peer was last seen before the ones that are still live.
    assertThat(rows.get(url(1))[1]).isBefore(rows.get(url(0))[1]);
  }

  static String url(int peer) {
    return NETWORK.url(peer);
  }

  static List<String> liveUrls(List<Peer> peers) {
    return peers.stream().filter(Peer::live).map(Peer::url).toList();
  }

  static List<String> pids(int peers) throws Exception {
    List<String> pids = new ArrayList<>();
    for (int i = 0; i < peers; i++) {
      pids.add(Files.readString(NETWORK.state().resolve("peer" + i + "/pid")).strip());
    }
    return pids;
  }

  /**
   * Asks a peer for its peers until they satisfy the condition or the time is up; fails with what
   * it last saw (or last answered) when they never do.
   */
  static List<Peer> awaitPeers(int peer, Duration within, Predicate<List<Peer>> condition)
      throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    String last = "no answer";
    do {
      HttpResponse<String> answer = NETWORK.get(peer, "/api/peers");
      if (answer != null && answer.statusCode() == 200) {
        List<Peer> peers = parse(answer.body());
        if (condition.test(peers)) {
          return peers;
        }
        last = peers.toString();
      } else if (answer != null) {
        last = "HTTP " + answer.statusCode() + ": " + answer.body();
      }
      Thread.sleep(1_000);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(
        "peer " + peer + " did not see the expected peers within " + within + "; last: " + last);
  }

  static final Pattern OBJECT = Pattern.compile("\\{[^{}]*\\}");

  /** The flat objects of GET /api/peers; the test needs no JSON library for them. */
  static List<Peer> parse(String json) {
    List<Peer> peers = new ArrayList<>();
    Matcher m = OBJECT.matcher(json);
    while (m.find()) {
      String o = m.group();
      peers.add(
          new Peer(
              field(o, "id"),
              field(o, "url"),
              field(o, "failureDomain"),
              field(o, "live").equals("true"),
              field(o, "self").equals("true"),
              field(o, "seenAt"),
              Long.parseLong(field(o, "capacityBytes")),
              Long.parseLong(field(o, "freeBytes"))));
    }
    return peers;
  }

  static String field(String object, String name) {
    Matcher m =
        Pattern.compile("\"" + name + "\"\\s*:\\s*(\"([^\"]*)\"|[^,}\\s]+)").matcher(object);
    if (!m.find()) {
      throw new AssertionError("no " + name + " in " + object);
    }
    return m.group(2) != null ? m.group(2) : m.group(1);
  }
}
