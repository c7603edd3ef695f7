package magnus.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import magnus.filemap.control.FileMap;
import magnus.filemap.entity.FileEntry;
import magnus.filemap.entity.FileFacts;
import magnus.filemap.entity.FragmentLocation;
import magnus.fragments.boundary.RemoteFragments;
import magnus.fragments.control.PeerRefusedException;
import magnus.fragments.entity.FragmentHeader;
import magnus.host.control.PeerDataSource;
import magnus.testing.Databases;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One real peer: magnus.war on Payara Micro over a fresh PostgreSQL database, with the migrations
 * applied at start-up. Runs in the container unless marked {@link RunAsClient}.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PeerIT {

  static final String DATABASE = "magnus_it_peer";

  /** How long the database outage lasts, once the peer has noticed it. */
  static final int OUTAGE_SECONDS = 5;

  @Inject FileMap fileMap;

  @Inject RemoteFragments remote;

  @Resource(lookup = PeerDataSource.JNDI_NAME)
  DataSource dataSource;

  @ArquillianResource URL base;

  @Deployment
  static WebArchive peer() {
    // Runs on the client before the deployment: the peer's database must exist, empty.
    Databases.recreate(DATABASE);
    return ShrinkWrap.createFromZipFile(
            WebArchive.class, new File(System.getProperty("magnus.war")))
        .addClass(PeerIT.class);
  }

  @Test
  @RunAsClient
  void reportsReadyWithTheMigratedSchema() throws Exception {
    HttpResponse<String> ready =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base.toURI().resolve("/health/ready").toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, ready.statusCode(), ready.body());
    assertTrue(ready.body().contains("\"magnus-peer\""), ready.body());
    assertTrue(
        ready.body().contains("\"schemaVersion\":\"" + Migrations.latestVersion() + "\""),
        ready.body());
  }

  @Test
  @RunAsClient
  void theDatabaseIsRecordedAsThisPeers() throws Exception {
    String probe = get("api/probe").body();
    List<String> owner = Databases.strings(DATABASE, "SELECT peer_id FROM database_owner");
    assertEquals(1, owner.size(), String.valueOf(owner));
    assertTrue(probe.contains("\"id\":\"" + owner.get(0) + "\""), probe + " vs " + owner);
  }

  /**
   * A real outage of the peer's own database, with the server and every other database up: the
   * database refuses connections and its sessions are ended. The peer is not ready meanwhile; once
   * the database takes connections again, the very next requests work, readiness among them,
   * without a restart: the pool checks a connection before it hands it out and replaces the ones
   * the outage closed. Runs last, so that the other tests see a peer that never had an outage.
   */
  @Test
  @RunAsClient
  @Order(Integer.MAX_VALUE)
  void aPeerComesBackByItselfAfterAnOutageOfItsDatabase() throws Exception {
    assertEquals(200, get("/health/ready").statusCode());
    try {
      Databases.allowConnections(DATABASE, false);
      HttpResponse<String> down = awaitReadiness(503, 120);
      assertTrue(down.body().contains("database: "), down.body());
      // The peer is asked for work while the database is out, and that work fails.
      long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(OUTAGE_SECONDS);
      while (System.nanoTime() < end) {
        assertEquals(503, get("/health/ready").statusCode());
        assertTrue(get("api/files?path=/").statusCode() >= 500);
        Thread.sleep(500);
      }
    } finally {
      Databases.allowConnections(DATABASE, true);
    }
    HttpResponse<String> ready = get("/health/ready");
    assertEquals(
        200, ready.statusCode(), "the first readiness check after the outage: " + ready.body());
    HttpResponse<String> files = get("api/files?path=/");
    assertEquals(200, files.statusCode(), files.body());
    HttpResponse<String> peers = get("api/peers");
    assertEquals(200, peers.statusCode(), peers.body());
    // And it stays so.
    HttpResponse<String> still = awaitReadiness(200, 120);
    assertTrue(still.body().contains("\"status\":\"UP\""), still.body());
  }

  /** A GET of {@code path}: under the deployment ("api/..."), or from the root ("/health/..."). */
  private HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(base.toURI().resolve(path).toString()))
                .timeout(java.time.Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** Waits, up to a generous bound, until readiness answers {@code status}; fails with the last. */
  private HttpResponse<String> awaitReadiness(int status, int seconds) throws Exception {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(seconds);
    HttpResponse<String> last = null;
    while (System.nanoTime() < deadline) {
      last = get("/health/ready");
      if (last.statusCode() == status) {
        return last;
      }
      Thread.sleep(1_000);
    }
    throw new AssertionError(
        "readiness did not answer "
            + status
            + " in "
            + seconds
            + " s; last: "
            + (last == null ? "nothing" : last.statusCode() + " " + last.body()));
  }

  @Test
  @RunAsClient
  void migrationsMadeTheSchemaAndJpaAddedNothing() throws Exception {
    // On the client, where db/migrations/ is at hand: the tables are exactly those the migrations
    // create, and Flyway's own.
    List<String> tables = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(Databases.SERVER + DATABASE, "postgres", "");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = 'public' ORDER BY table_name")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    List<String> expected = new ArrayList<>(Migrations.tables());
    expected.add("flyway_schema_history");
    Collections.sort(expected);
    assertEquals(expected, tables);
  }

  @Test
  void fileMapEntryRoundTripsThroughPostgres() {
    List<FragmentLocation> fragments =
        IntStream.range(0, 5)
            .mapToObj(
                i -> new FragmentLocation(i, "peer-" + (i + 1), 41_152, "0" + i + "ef".repeat(31)))
            .toList();
    String sha = "ab".repeat(32);
    FileEntry first =
        fileMap.record(
            new FileEntry(
                new FileFacts("/srv/data/report.pdf", "f1", 123_456, sha, 1_700_000_000_123L, 0640),
                1,
                3,
                5,
                1 << 20,
                fragments));
    FileEntry second =
        fileMap.record(
            new FileEntry(
                new FileFacts("/srv/data/report.pdf", "f1", 7, sha, 1_700_000_000_000L, 0600),
                2,
                3,
                5,
                1 << 20,
                fragments));
    assertEquals(1, first.version());
    assertEquals(2, second.version());
    assertThrows(
        RuntimeException.class,
        () ->
            fileMap.record(
                new FileEntry(
                    new FileFacts("/srv/data/report.pdf", "f1", 7, sha, 0, 0600),
                    2,
                    3,
                    5,
                    1 << 20,
                    fragments)),
        "a version that is not newer than the newest");

    List<FileEntry> versions = fileMap.versions("/srv/data/report.pdf");
    assertEquals(2, versions.size());
    FileEntry stored = versions.get(0);
    assertEquals("/srv/data/report.pdf", stored.path());
    assertEquals(3, stored.k());
    assertEquals(5, stored.n());
    assertEquals(123_456, stored.size());
    assertEquals(sha, stored.sha256());
    assertEquals("f1", stored.fileId());
    assertEquals(1_700_000_000_123L, stored.mtimeMillis());
    assertEquals(0640, stored.mode());
    assertEquals(1 << 20, stored.segmentSize());
    assertEquals(fragments, stored.fragments());
    assertEquals(
        List.of("/srv/data/report.pdf"),
        fileMap.newestUnder("/srv/data/").stream().map(FileEntry::path).toList());
    assertEquals(2, fileMap.newestUnder("/srv/").get(0).version());
    assertTrue(fileMap.newestUnder("/srv/data_").isEmpty(), "_ is not a wildcard");

    assertEquals(7, fileMap.newest("/srv/data/report.pdf").orElseThrow().size());
    assertTrue(fileMap.newest("/never/backed/up").isEmpty());

    assertEquals(2, fileMap.delete("/srv/data/report.pdf").size());
    assertTrue(fileMap.versions("/srv/data/report.pdf").isEmpty());
    assertEquals(10, fileMap.pendingRemovalCount(), "every fragment of both versions");
    fileMap.pendingRemovals(100).forEach(r -> fileMap.removed(r.id()));
    assertEquals(0, fileMap.pendingRemovalCount());
  }

  @Test
  void fileMapRefusesAnIncompleteOrInvalidEntry() {
    List<FragmentLocation> three =
        IntStream.range(0, 3)
            .mapToObj(i -> new FragmentLocation(i, "peer-" + i, 1, "cd".repeat(32)))
            .toList();
    RuntimeException missing =
        assertThrows(
            RuntimeException.class,
            () -> fileMap.record(entry("/a", 3, 5, "cd".repeat(32), three)));
    assertTrue(
        rootOf(missing) instanceof IllegalArgumentException, String.valueOf(rootOf(missing)));

    RuntimeException badHash =
        assertThrows(
            RuntimeException.class, () -> fileMap.record(entry("/a", 3, 3, "not-a-hash", three)));
    assertTrue(
        rootOf(badHash) instanceof ConstraintViolationException, String.valueOf(rootOf(badHash)));
    assertTrue(fileMap.versions("/a").isEmpty());
  }

  private static FileEntry entry(
      String path, int k, int n, String sha, List<FragmentLocation> fragments) {
    return new FileEntry(new FileFacts(path, "f2", 1, sha, 0, 0644), 1, k, n, 4096, fragments);
  }

  /**
   * RemoteFragments in the container, where Fault Tolerance wraps its calls, storing on and
   * retrieving from this very peer: a round trip, and a refusal that surfaces as a
   * PeerRefusedException rather than as a Fault Tolerance or CompletionException.
   */
  @Test
  void remoteFragmentsRoundTripThroughThisPeer() throws Exception {
    String url = base.toString();
    byte[] body = "fragment bytes".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    String sha =
        java.util.HexFormat.of()
            .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
    FragmentHeader header =
        new FragmentHeader(
            "ab".repeat(16), "peer-it", 1, 0, 1, 2, body.length, 1024, body.length, sha, "");
    assertEquals(
        header,
        remote
            .store(url, header, new java.io.ByteArrayInputStream(body))
            .toCompletableFuture()
            .get(60, java.util.concurrent.TimeUnit.SECONDS));
    RemoteFragments.Retrieved back =
        remote
            .retrieve(url, header.owner(), "peer-it", 1, 0)
            .toCompletableFuture()
            .get(60, java.util.concurrent.TimeUnit.SECONDS);
    try (var in = back.body()) {
      assertEquals(new String(body), new String(in.readAllBytes()));
    }
    assertEquals(
        1,
        remote
            .query(url, header.owner(), null, 10)
            .toCompletableFuture()
            .get(60, java.util.concurrent.TimeUnit.SECONDS)
            .fragments()
            .size());
    remote
        .remove(url, header.owner(), "peer-it", 1, 0)
        .toCompletableFuture()
        .get(60, java.util.concurrent.TimeUnit.SECONDS);
    java.util.concurrent.ExecutionException missing =
        assertThrows(
            java.util.concurrent.ExecutionException.class,
            () ->
                remote
                    .retrieve(url, header.owner(), "peer-it", 1, 0)
                    .toCompletableFuture()
                    .get(60, java.util.concurrent.TimeUnit.SECONDS));
    assertTrue(missing.getCause() instanceof PeerRefusedException, String.valueOf(missing));
    assertEquals(
        404, ((PeerRefusedException) missing.getCause()).status().orElse(0), missing.toString());
  }

  private static Throwable rootOf(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
