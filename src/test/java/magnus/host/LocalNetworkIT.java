package magnus.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import magnus.testing.Databases;
import magnus.testing.Scripts;
import magnus.testing.Scripts.Run;
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
  static final String DB_PREFIX = "magnus_it_net_";
  static final Path STATE = Scripts.home().resolve("target/it-network");
  static final Map<String, String> ENV =
      Map.of("MAGNUS_NETWORK_DIR", STATE.toString(), "MAGNUS_DB_PREFIX", DB_PREFIX);

  /** How many migrations the project has: every peer applies them all. */
  static final long MIGRATIONS = migrationFiles();

  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeAll
  static void startNetwork() throws Exception {
    network("stop"); // a network left over by an earlier, interrupted run
    magnus.testing.TestNetwork.deleteTree(STATE); // and its state
    for (int i = 0; i < PEERS; i++) {
      Databases.drop(DB_PREFIX + i); // and its databases, which may hold a newer schema
    }
    Run start = network("start", "--peers", "" + PEERS, "--base-port", "" + BASE_PORT, "--no-demo");
    assertThat(start.exitCode()).as(start.output()).isZero();
    assertThat(start.output()).contains("3/3 ready");
  }

  @AfterAll
  static void stopNetwork() throws Exception {
    network("stop");
  }

  @Test
  @Order(1)
  void everyPeerIsReadyOverItsOwnDatabase() throws Exception {
    for (int i = 0; i < PEERS; i++) {
      HttpResponse<String> ready = ready(i);
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      assertThat(ready.body())
          .contains("\"status\":\"UP\"", "\"failureDomain\":\"local-" + i + "\"");
      assertThat(appliedMigrations(DB_PREFIX + i))
          .as("database of peer " + i)
          .isEqualTo(MIGRATIONS);
      assertThat(STATE.resolve("peer" + i + "/data")).isDirectory();
    }
    Run status = network("status");
    assertThat(status.output()).contains("http://127.0.0.1:" + BASE_PORT).doesNotContain("stopped");
  }

  @Test
  @Order(2)
  void aKilledPeerStopsAnsweringAndComesBack() throws Exception {
    Run kill = network("kill", "1");
    assertThat(kill.exitCode()).as(kill.output()).isZero();
    assertThat(answers(1)).isFalse();
    assertThat(network("status").output()).containsPattern("1\\s+-\\s+.*stopped");

    Run again = network("start-peer", "1");
    assertThat(again.exitCode()).as(again.output()).isZero();
    assertThat(ready(1).statusCode()).isEqualTo(200);
  }

  @Test
  @Order(3)
  void wipeLosesThePeersDiskAndTheSchemaComesBackOnStart() throws Exception {
    Files.writeString(STATE.resolve("peer2/data/held-fragment"), "bytes held for another peer");
    Run wipe = network("wipe", "2");
    assertThat(wipe.exitCode()).as(wipe.output()).isZero();
    assertThat(STATE.resolve("peer2/data")).doesNotExist();
    assertThat(databaseExists(DB_PREFIX + 2)).isFalse();

    Run again = network("start-peer", "2");
    assertThat(again.exitCode()).as(again.output()).isZero();
    assertThat(appliedMigrations(DB_PREFIX + 2)).isEqualTo(MIGRATIONS);
    assertThat(STATE.resolve("peer2/data/held-fragment")).doesNotExist();
  }

  @Test
  @Order(4)
  void badCommandsSayWhatIsWrong() throws Exception {
    Run noSuchPeer = network("kill", "7");
    assertThat(noSuchPeer.exitCode()).isNotZero();
    assertThat(noSuchPeer.output()).contains("there is no peer 7", "peers 0 to 2");

    Run running = network("start-peer", "0");
    assertThat(running.exitCode()).isNotZero();
    assertThat(running.output()).contains("peer 0 is already running");

    Run twice = network("start", "--peers", "2", "--base-port", "" + (BASE_PORT + 10));
    assertThat(twice.exitCode()).isNotZero();
    assertThat(twice.output()).contains("already running");

    Run zero = network("start", "--peers", "0");
    assertThat(zero.exitCode()).isNotZero();
    assertThat(zero.output()).contains("--peers takes a number from 1 to 64");

    Run unknown = network("frobnicate");
    assertThat(unknown.exitCode()).isNotZero();
    assertThat(unknown.output()).contains("unknown command 'frobnicate'");
  }

  @Test
  @Order(5)
  void aPeerWhoseDataDirectoryIsUnusableIsNotReadyAndSaysWhy() throws Exception {
    Path notADirectory = STATE.resolve("not-a-directory");
    Files.writeString(notADirectory, "a file where the data directory should be");
    String url = Databases.recreate("magnus_it_baddir");
    int port = BASE_PORT + 20;
    ProcessBuilder peer =
        new ProcessBuilder(Scripts.home().resolve("bin/magnus-peer").toString())
            .redirectErrorStream(true)
            .redirectOutput(STATE.resolve("baddir.log").toFile());
    peer.environment()
        .putAll(
            Map.of(
                "MAGNUS_HTTP_PORT",
                "" + port,
                "MAGNUS_DB_URL",
                url,
                "MAGNUS_DATA_DIR",
                notADirectory.toString(),
                "MAGNUS_PAYARA_ROOT",
                STATE.resolve("baddir-payara").toString(),
                // A peer on its own, outside any Data Grid: it must neither join nor hold up
                // the network, and it must boot without clustering.
                "MAGNUS_CLUSTER",
                "off"));
    Process process = peer.start();
    try {
      HttpResponse<String> ready = null;
      for (int second = 0; second < 240 && process.isAlive(); second++) {
        ready = get(port, "/health/ready");
        if (ready != null && ready.body().contains("magnus-peer")) {
          break;
        }
        Thread.sleep(1_000);
      }
      assertThat(ready).as("the peer never answered on its readiness endpoint").isNotNull();
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).contains("\"status\":\"DOWN\"", "data directory", "not-a-directory");
      assertThat(Files.readString(STATE.resolve("baddir.log")))
          .contains("peer is not ready: data directory");
    } finally {
      process.destroy();
      process.waitFor();
    }
  }

  static Run network(String... args) throws Exception {
    return Scripts.run(ENV, 600, "magnus-network", args);
  }

  static HttpResponse<String> ready(int peer) throws Exception {
    HttpResponse<String> response = get(BASE_PORT + peer, "/health/ready");
    assertThat(response).as("peer " + peer + " does not answer").isNotNull();
    return response;
  }

  static boolean answers(int peer) {
    return get(BASE_PORT + peer, "/health/ready") != null;
  }

  static HttpResponse<String> get(int port, String path) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(5))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  static long migrationFiles() {
    try (var files = Files.list(Path.of("db/migrations"))) {
      return files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static long appliedMigrations(String database) throws Exception {
    try (Connection c = DriverManager.getConnection(Databases.SERVER + database, "postgres", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  static boolean databaseExists(String database) throws Exception {
    try (Connection c = DriverManager.getConnection(Databases.SERVER + "postgres", "postgres", "");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
      return rs.next();
    }
  }
}
