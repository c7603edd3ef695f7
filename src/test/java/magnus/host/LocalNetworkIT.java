package magnus.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import magnus.testing.Databases;
import magnus.testing.Scripts;
import magnus.testing.Scripts.Run;
import magnus.testing.TestNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real local network, started with the same {@code bin/magnus-network} a user runs: three Payara
 * Micro processes, each over its own PostgreSQL database. The network lives under {@code
 * target/it-network} with its own ports and database names, so a user's own network is left alone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalNetworkIT {

  static final int PEERS = 3;
  static final int BASE_PORT = 18300;
  static final TestNetwork NET =
      new TestNetwork("network", BASE_PORT, TestNetwork.quickBoot(Map.of()));
  static final Path STATE = NET.state();

  /** How many migrations the project has: every peer applies them all. */
  static final long MIGRATIONS = Migrations.files().size();

  static Run start;

  @BeforeAll
  static void startNetwork() throws Exception {
    // With the demo: three peers are fewer than the default demo's six, and start must still
    // show a demo that fits and succeed.
    start = NET.start(PEERS, true);
    assertThat(start.exitCode()).as(start.output()).isZero();
  }

  @AfterAll
  static void stopNetwork() throws Exception {
    NET.network("stop");
  }

  @Test
  @Order(1)
  void everyPeerIsReadyOverItsOwnDatabase() throws Exception {
    assertThat(start.output()).contains("3/3 ready", "3/3 see all 3 live");
    for (int i = 0; i < PEERS; i++) {
      HttpResponse<String> ready = NET.get(i, "/health/ready");
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      assertThat(ready.body())
          .contains("\"status\":\"UP\"", "\"failureDomain\":\"local-" + i + "\"");
      assertThat(appliedMigrations(NET.database(i)))
          .as("database of peer " + i)
          .isEqualTo(MIGRATIONS);
      assertThat(Databases.strings(NET.database(i), "SELECT peer_id FROM database_owner"))
          .as("the database of peer " + i + " is recorded as its own")
          .containsExactly(peerId(i));
      assertThat(STATE.resolve("peer" + i + "/data")).isDirectory();
    }
    Run status = NET.network("status");
    assertThat(status.output())
        .contains("http://127.0.0.1:" + BASE_PORT, NET.database(2))
        .doesNotContain("stopped");
  }

  @Test
  @Order(2)
  void startWithFewerPeersThanTheDefaultDemoRunsADemoThatFits() {
    // n = peers - 1 = 2 fragments, k = 1: one holder is killed and the sample comes back whole.
    assertThat(start.output())
        .contains(
            "in packs of 2 fragments, any 1 of which rebuild a pack",
            "killing peer 1:",
            "== identical")
        .doesNotContain("the demo needs");
    for (int i = 0; i < PEERS; i++) {
      assertThat(NET.liveUrls(i)).as("peer %d after the demo", i).hasSize(PEERS);
    }
  }

  @Test
  @Order(3)
  void aKilledPeerStopsAnsweringAndComesBackSeenByEveryOther() throws Exception {
    Run kill = NET.network("kill", "1");
    assertThat(kill.exitCode()).as(kill.output()).isZero();
    assertThat(NET.answers(1)).isFalse();
    assertThat(NET.network("status").output()).containsPattern("1\\s+-\\s+.*stopped");

    Run again = NET.network("start-peer", "1");
    assertThat(again.exitCode()).as(again.output()).isZero();
    assertThat(again.output()).contains("see all 3 live");
    // No waiting here: start-peer returns only once every peer sees every other one live, so a
    // backup right after it can count on all of them.
    assertEveryPeerSeesEveryOther();
  }

  @Test
  @Order(4)
  void wipeLosesThePeersDiskAndTheSchemaComesBackOnStart() throws Exception {
    Files.writeString(STATE.resolve("peer2/data/held-fragment"), "bytes held for another peer");
    Run wipe = NET.network("wipe", "2");
    assertThat(wipe.exitCode()).as(wipe.output()).isZero();
    assertThat(STATE.resolve("peer2/data")).doesNotExist();
    assertThat(Databases.exists(NET.database(2))).isFalse();

    Run again = NET.network("start-peer", "2");
    assertThat(again.exitCode()).as(again.output()).isZero();
    assertThat(appliedMigrations(NET.database(2))).isEqualTo(MIGRATIONS);
    assertThat(STATE.resolve("peer2/data/held-fragment")).doesNotExist();
    assertEveryPeerSeesEveryOther();
  }

  @Test
  @Order(5)
  void badCommandsSayWhatIsWrong() throws Exception {
    Run noSuchPeer = NET.network("kill", "7");
    assertThat(noSuchPeer.exitCode()).isNotZero();
    assertThat(noSuchPeer.output()).contains("there is no peer 7", "peers 0 to 2");

    Run running = NET.network("start-peer", "0");
    assertThat(running.exitCode()).isNotZero();
    assertThat(running.output()).contains("peer 0 is already running");

    Run twice = NET.network("start", "--peers", "2", "--base-port", "" + (BASE_PORT + 10));
    assertThat(twice.exitCode()).isNotZero();
    assertThat(twice.output()).contains("already running");

    Run zero = NET.network("start", "--peers", "0");
    assertThat(zero.exitCode()).isNotZero();
    assertThat(zero.output()).contains("--peers takes a number from 1 to 64");

    Run unknown = NET.network("frobnicate");
    assertThat(unknown.exitCode()).isNotZero();
    assertThat(unknown.output()).contains("unknown command 'frobnicate'");
  }

  @Test
  @Order(6)
  void aPeerWhoseDataDirectoryIsUnusableIsNotReadyAndSaysWhy() throws Exception {
    Path notADirectory = STATE.resolve("not-a-directory");
    Files.writeString(notADirectory, "a file where the data directory should be");
    String url = Databases.recreate("magnus_it_baddir");
    Path log = STATE.resolve("baddir.log");
    Process process = soloPeer(BASE_PORT + 20, url, notADirectory, STATE.resolve("baddir"), log);
    try {
      HttpResponse<String> ready = awaitReadiness(BASE_PORT + 20, process);
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).contains("\"status\":\"DOWN\"", "data directory", "not-a-directory");
      assertThat(Files.readString(log)).contains("peer is not ready: data directory");
    } finally {
      process.destroy();
      process.waitFor();
      Databases.drop("magnus_it_baddir");
    }
  }

  /**
   * A peer with its own secret started on peer 1's database (a copied URL, or a second checkout's
   * network on the same names): it must not take that database over. It is not ready and says whose
   * the database is and what to do, and peer 1's rows stay as they were: its reconciliation would
   * otherwise delete the rows of every fragment it does not find in its own data directory.
   */
  @Test
  @Order(7)
  void aPeerOnAnotherPeersDatabaseIsRefusedAndLeavesItsRowsAlone() throws Exception {
    String database = NET.database(1);
    String held = "SELECT count(*) FROM held_fragment";
    String heldBefore = Databases.strings(database, held).get(0);
    assertThat(Long.parseLong(heldBefore)).as("peer 1 holds a fragment of the demo").isPositive();
    String owner = peerId(1);

    Path dir = STATE.resolve("intruder");
    Path log = STATE.resolve("intruder.log");
    String url = Databases.SERVER + database;
    Process process = soloPeer(BASE_PORT + 16, url, dir.resolve("data"), dir, log);
    try {
      HttpResponse<String> ready = awaitReadiness(BASE_PORT + 16, process);
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
      Matcher self = Pattern.compile("peer id ([0-9a-f]{32})").matcher(Files.readString(log));
      assertThat(self.find()).as("the peer logs its id").isTrue();
      String intruder = self.group(1);
      assertThat(intruder).isNotEqualTo(owner);
      String refusal =
          url
              + " belongs to peer "
              + owner
              + ", not to this peer "
              + intruder
              + "; give this peer its own database (magnus.db.url), or drop that one";
      assertThat(ready.body()).contains("\"status\":\"DOWN\"", refusal);
      assertThat(Files.readString(log)).contains(refusal);
      assertThat(Databases.strings(database, held)).containsExactly(heldBefore);
      assertThat(Databases.strings(database, "SELECT peer_id FROM database_owner"))
          .containsExactly(owner);
    } finally {
      process.destroy();
      process.waitFor();
    }
    assertThat(NET.get(1, "/health/ready").statusCode()).isEqualTo(200);
  }

  /**
   * Two networks in two state directories (two checkouts), neither naming its databases: each gets
   * databases of its own, made from its state directory, and each records its own peer. Before,
   * both used magnus_peer0..N, and the second one adopted the first one's FileMap.
   */
  @Test
  @Order(8)
  void twoNetworksFromTwoCheckoutsHaveTheirOwnDatabases() throws Exception {
    List<Path> states = List.of(STATE.resolve("checkout-a"), STATE.resolve("checkout-b"));
    List<Integer> ports = List.of(BASE_PORT + 12, BASE_PORT + 14);
    List<String> databases = new ArrayList<>();
    try {
      List<CompletableFuture<Run>> starts = new ArrayList<>();
      for (int c = 0; c < 2; c++) {
        Map<String, String> env = checkout(states.get(c));
        String port = "" + ports.get(c);
        starts.add(
            CompletableFuture.supplyAsync(
                () -> run(env, "start", "--peers", "1", "--base-port", port, "--no-demo")));
      }
      for (int c = 0; c < 2; c++) {
        Run started = starts.get(c).join();
        assertThat(started.exitCode()).as(started.output()).isZero();
        Run status = run(checkout(states.get(c)), "status");
        Matcher db = Pattern.compile("\\b(magnus_[0-9a-f]{16}_peer0)\\b").matcher(status.output());
        assertThat(db.find()).as(status.output()).isTrue();
        databases.add(db.group(1));
      }
      assertThat(databases.get(0)).isNotEqualTo(databases.get(1));
      List<String> owners = new ArrayList<>();
      for (int c = 0; c < 2; c++) {
        String id =
            TestNetwork.get("checkout " + c, "http://127.0.0.1:" + ports.get(c) + "/api/probe")
                .body();
        List<String> recorded =
            Databases.strings(databases.get(c), "SELECT peer_id FROM database_owner");
        assertThat(recorded).hasSize(1);
        assertThat(id).contains(recorded.get(0));
        owners.add(recorded.get(0));
      }
      assertThat(owners.get(0)).isNotEqualTo(owners.get(1));
    } finally {
      for (Path state : states) {
        if (Files.exists(state.resolve("network.conf"))) {
          run(checkout(state), "stop");
        }
      }
      for (String database : databases) {
        Databases.drop(database);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** The environment of a network in another state directory that does not name its databases. */
  static Map<String, String> checkout(Path state) {
    Map<String, String> env = new HashMap<>(TestNetwork.quickBoot(Map.of()));
    env.put("MAGNUS_NETWORK_DIR", state.toString());
    env.put("MAGNUS_DB_PREFIX", ""); // empty is unset for the script: the prefix is derived
    return env;
  }

  static Run run(Map<String, String> env, String... args) {
    try {
      return Scripts.run(env, 600, "magnus-network", args);
    } catch (Exception e) {
      throw new IllegalStateException("bin/magnus-network " + String.join(" ", args), e);
    }
  }

  static void assertEveryPeerSeesEveryOther() {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < PEERS; i++) {
      all.add(NET.url(i));
    }
    for (int i = 0; i < PEERS; i++) {
      assertThat(NET.liveUrls(i))
          .as("live peers seen by peer " + i)
          .containsExactlyInAnyOrderElementsOf(all);
    }
  }

  static String peerId(int peer) {
    return NET.jsonObject(peer, "/api/probe").getString("id");
  }

  /** One peer outside any network and Data Grid, started as bin/magnus-peer starts one. */
  static Process soloPeer(int port, String dbUrl, Path dataDir, Path dir, Path log)
      throws Exception {
    ProcessBuilder peer =
        new ProcessBuilder(Scripts.home().resolve("bin/magnus-peer").toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    peer.environment()
        .putAll(
            Map.of(
                "MAGNUS_HTTP_PORT",
                "" + port,
                "MAGNUS_DB_URL",
                dbUrl,
                "MAGNUS_DATA_DIR",
                dataDir.toString(),
                "MAGNUS_PAYARA_ROOT",
                dir.resolve("payara").toString(),
                "MAGNUS_SECRET_FILE",
                dir.resolve("secret").toString(),
                // A peer on its own, outside any Data Grid: it must neither join nor hold up
                // the network, and it must boot without clustering.
                "MAGNUS_CLUSTER",
                "off"));
    return peer.start();
  }

  /** The first answer of a solo peer's readiness check, once the application answers it. */
  static HttpResponse<String> awaitReadiness(int port, Process process) throws Exception {
    return TestNetwork.awaitAnswer(
        "http://127.0.0.1:" + port + "/health/ready",
        240,
        process::isAlive,
        r -> r.body().contains("magnus-peer"));
  }

  static long appliedMigrations(String database) {
    return Long.parseLong(
        Databases.strings(database, "SELECT count(*) FROM flyway_schema_history WHERE success")
            .get(0));
  }
}
