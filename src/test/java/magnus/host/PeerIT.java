package magnus.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Resource;
import jakarta.ejb.EJBException;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import magnus.filemap.boundary.FileMap;
import magnus.filemap.entity.FileEntry;
import magnus.filemap.entity.FragmentLocation;
import magnus.host.control.PeerDataSource;
import magnus.testing.Databases;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One real peer: magnus.war on Payara Micro over a fresh PostgreSQL database, with the migrations
 * applied at start-up. Runs in the container unless marked {@link RunAsClient}.
 */
@ExtendWith(ArquillianExtension.class)
class PeerIT {

  static final String DATABASE = "magnus_it_peer";

  @Inject FileMap fileMap;

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
        ready.body().contains("\"schemaVersion\":\"" + newestMigration() + "\""), ready.body());
  }

  @Test
  void migrationsMadeTheSchemaAndJpaAddedNothing() throws Exception {
    List<String> tables = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = 'public' ORDER BY table_name")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    assertEquals(
        List.of("file_entry", "flyway_schema_history", "fragment_location", "held_fragment"),
        tables);
  }

  @Test
  void fileMapEntryRoundTripsThroughPostgres() {
    List<FragmentLocation> fragments =
        IntStream.range(0, 5).mapToObj(i -> new FragmentLocation(i, "peer-" + (i + 1))).toList();
    String sha = "ab".repeat(32);
    FileEntry first =
        fileMap.record(new FileEntry("/srv/data/report.pdf", 3, 5, 123_456, sha, fragments));
    FileEntry second =
        fileMap.record(new FileEntry("/srv/data/report.pdf", 3, 5, 7, sha, fragments));
    assertEquals(1, first.version());
    assertEquals(2, second.version());

    List<FileEntry> versions = fileMap.versions("/srv/data/report.pdf");
    assertEquals(2, versions.size());
    FileEntry stored = versions.get(0);
    assertEquals("/srv/data/report.pdf", stored.path());
    assertEquals(3, stored.k());
    assertEquals(5, stored.n());
    assertEquals(123_456, stored.size());
    assertEquals(sha, stored.sha256());
    assertEquals(fragments, stored.fragments());
    assertEquals(7, fileMap.newest("/srv/data/report.pdf").orElseThrow().size());
    assertTrue(fileMap.newest("/never/backed/up").isEmpty());
  }

  @Test
  void fileMapRefusesAnIncompleteOrInvalidEntry() {
    List<FragmentLocation> three =
        IntStream.range(0, 3).mapToObj(i -> new FragmentLocation(i, "peer-" + i)).toList();
    EJBException missing =
        assertThrows(
            EJBException.class,
            () -> fileMap.record(new FileEntry("/a", 3, 5, 1, "cd".repeat(32), three)));
    assertTrue(
        rootOf(missing) instanceof IllegalArgumentException, String.valueOf(rootOf(missing)));

    EJBException badHash =
        assertThrows(
            EJBException.class,
            () -> fileMap.record(new FileEntry("/a", 3, 3, 1, "not-a-hash", three)));
    assertTrue(
        rootOf(badHash) instanceof ConstraintViolationException, String.valueOf(rootOf(badHash)));
    assertTrue(fileMap.versions("/a").isEmpty());
  }

  /** The highest version among db/migrations/V<n>__*.sql (run on the client, from the project). */
  private static int newestMigration() throws java.io.IOException {
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of("db/migrations"))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(name -> name.matches("V\\d+__.*\\.sql"))
          .mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
          .max()
          .orElse(0);
    }
  }

  private static Throwable rootOf(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
