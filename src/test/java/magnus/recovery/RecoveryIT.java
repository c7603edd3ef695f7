package magnus.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import magnus.testing.Scripts.Run;
import magnus.testing.TestNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Whole-host recovery on real peers: peer 0 backs up a tree of 1,000 files, loses its disk ({@code
 * bin/magnus-network wipe 0}, which keeps the host secret, as an administrator keeps it off the
 * host), and comes back with every file, with no command given.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecoveryIT {

  static final int PEERS = 6;
  static final int FILES = 1000;
  static final TestNetwork NET =
      new TestNetwork("recovery", 18800, TestNetwork.quickBoot(Map.of()));
  static Path tree;
  static Map<String, Snapshot> original;

  /** What a file was: its bytes' hash, mtime and mode. */
  record Snapshot(String sha256, long mtimeMillis, String mode) {}

  @BeforeAll
  static void backUpATree() throws Exception {
    Run start = NET.start(PEERS);
    assertThat(start.exitCode()).as(start.output()).isZero();
    tree = NET.state().resolve("tree");
    makeTree(tree);
    original = snapshot(tree);
    assertThat(original).hasSize(FILES);
    NET.awaitLive(0, PEERS);
    Run backup = NET.cli(0, "backup-files", tree.toString());
    assertThat(backup.exitCode()).as(backup.output()).isZero();
    assertThat(backup.output()).contains(FILES + " stored");
  }

  @AfterAll
  static void stopNetwork() throws Exception {
    NET.network("stop");
  }

  @Test
  @Order(1)
  void aWipedPeerGetsEveryFileBackByItselfWhileAnotherPeerIsDown() throws Exception {
    wipeAndDeleteTree();
    Run down = NET.network("kill", "3");
    assertThat(down.exitCode()).as(down.output()).isZero();

    Run again = NET.network("start-peer", "0");
    assertThat(again.exitCode()).as(again.output()).isZero();
    JsonObject done = awaitRecovery(600);
    assertThat(done.getJsonObject("files").getInt("done")).isEqualTo(FILES);
    assertSameTree(snapshot(tree));

    Run status = NET.cli(0, "recovery", "status");
    assertThat(status.exitCode()).as(status.output()).isZero();
    assertThat(status.output()).contains("done");
    assertThat(NET.network("start-peer", "3").exitCode()).isZero();
  }

  @Test
  @Order(2)
  void aRecoveryKilledHalfWayCarriesOnAndFetchesNoFinishedFileAgain() throws Exception {
    wipeAndDeleteTree();
    NET.awaitLive(1, PEERS - 1);
    long servedBefore = served();
    Run again = NET.network("start-peer", "0");
    assertThat(again.exitCode()).as(again.output()).isZero();
    // Let it get some way, then kill it.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    long doneAtKill = 0;
    while (System.nanoTime() < deadline) {
      JsonObject s = status().orElse(null);
      if (s != null && s.getJsonObject("files").getInt("done") >= FILES / 4) {
        doneAtKill = s.getJsonObject("files").getInt("done");
        break;
      }
      Thread.sleep(200);
    }
    assertThat(doneAtKill).as("recovery never got a quarter of the way").isPositive();
    assertThat(NET.network("kill", "0").exitCode()).isZero();
    assertThat(NET.network("start-peer", "0").exitCode()).isZero();
    JsonObject done = awaitRecovery(600);
    assertThat(done.getJsonObject("files").getInt("done")).isEqualTo(FILES);
    assertSameTree(snapshot(tree));

    // Each file is fetched once (k fragments each); only the few files in flight at the kill may
    // have been fetched again.
    long fetched = served() - servedBefore;
    long nonEmpty = original.values().stream().filter(s -> !s.sha256().equals(EMPTY)).count();
    assertThat(fetched).isLessThanOrEqualTo(3 * nonEmpty + 3 * 4);
  }

  @Test
  @Order(3)
  void aDrillRestoresEverythingIntoAnotherDirectory() throws Exception {
    Path drill = NET.state().resolve("drill");
    Run recover = NET.cli(0, "recover", "--to", drill.toString());
    assertThat(recover.exitCode()).as(recover.output()).isZero();
    Map<String, Snapshot> copy = snapshot(drill.resolve(tree.toString().substring(1)));
    assertSameTree(copy);
  }

  // ---------------------------------------------------------------------------------------------

  static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  static void wipeAndDeleteTree() throws Exception {
    Run wipe = NET.network("wipe", "0");
    assertThat(wipe.exitCode()).as(wipe.output()).isZero();
    TestNetwork.deleteTree(tree);
    assertThat(tree).doesNotExist();
  }

  /**
   * Fragment retrievals the holders were asked for so far, from their metrics. A holder that does
   * not answer its metrics fails the test rather than counting as 0.
   */
  static long served() {
    long total = 0;
    for (int p = 1; p < PEERS; p++) {
      HttpResponse<String> r = NET.get(p, "/metrics?scope=application");
      assertThat(r).as("peer " + p + " does not answer /metrics").isNotNull();
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      // The counter appears with the first retrieval since the peer started; before, it is 0.
      List<String> counters =
          Stream.of(r.body().split("\n"))
              .filter(line -> line.startsWith("fragments_retrieved_total"))
              .toList();
      for (String line : counters) {
        total += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }

  /** Compares a tree with the original, naming only the files that differ. */
  static void assertSameTree(Map<String, Snapshot> actual) {
    List<String> differences = new ArrayList<>();
    for (Map.Entry<String, Snapshot> e : original.entrySet()) {
      Snapshot a = actual.get(e.getKey());
      if (!e.getValue().equals(a)) {
        differences.add(e.getKey() + ": expected " + e.getValue() + ", found " + a);
      }
    }
    for (String extra : actual.keySet()) {
      if (!original.containsKey(extra)) {
        differences.add(extra + ": not in the original");
      }
    }
    assertThat(differences).as("files that differ from the original").isEmpty();
  }

  /**
   * The owner's recovery status; empty while no run has been started (the documented 404). Any
   * other answer, or none, fails the test.
   */
  static Optional<JsonObject> status() {
    HttpResponse<String> r = NET.get(0, "/api/recovery");
    assertThat(r).as("peer 0 does not answer GET /api/recovery").isNotNull();
    if (r.statusCode() == 404) {
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(r.body()).contains("no recovery has run on this peer");
      return Optional.empty();
    }
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Optional.of(Json.createReader(new StringReader(r.body())).readObject());
  }

  static JsonObject awaitRecovery(int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    JsonObject last = null;
    while (System.nanoTime() < deadline) {
      JsonObject s = status().orElse(null);
      if (s != null) {
        last = s;
        if ("done".equals(s.getString("phase"))) {
          return s;
        }
      }
      Thread.sleep(1_000);
    }
    throw new AssertionError("recovery did not finish in " + seconds + " s; last status " + last);
  }

  /** 1,000 files: nested directories, empty files, small and middling ones, and one of 200 MB. */
  static void makeTree(Path root) throws Exception {
    Random random = new Random(42);
    String[] perms = {"rw-r--r--", "rw-------", "rwxr-xr-x", "r--r-----"};
    for (int i = 0; i < FILES; i++) {
      Path dir = root.resolve("d" + (i % 10)).resolve("e" + (i % 7));
      if (i % 3 == 0) {
        dir = dir.resolve("deeper");
      }
      Files.createDirectories(dir);
      // Files 210 apart share a directory; their names make some the names of others with a
      // suffix (file-5, file-5.1, file-5.2, ...), whose restores run side by side.
      Path file = dir.resolve("file-" + i % 210 + (i < 210 ? "" : "." + i / 210));
      long size;
      if (i == 0) {
        size = 200L << 20;
      } else if (i % 50 == 1) {
        size = 0;
      } else if (i % 97 == 2) {
        size = 1 + random.nextInt(3 << 20);
      } else {
        size = random.nextInt(40_000);
      }
      write(file, size, random);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms[i % perms.length]));
      Files.setLastModifiedTime(file, FileTime.fromMillis(1_500_000_000_000L + i * 1_000L));
    }
  }

  static void write(Path file, long size, Random random) throws Exception {
    byte[] chunk = new byte[(int) Math.min(size, 1 << 20)];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= chunk.length) {
        random.nextBytes(chunk);
        out.write(chunk, 0, (int) Math.min(left, chunk.length));
      }
    }
  }

  static Map<String, Snapshot> snapshot(Path root) throws Exception {
    Map<String, Snapshot> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p);
        files.put(
            root.relativize(p).toString(),
            new Snapshot(
                TestNetwork.sha256(p),
                Files.getLastModifiedTime(p).toMillis(),
                PosixFilePermissions.toString(mode)));
      }
    }
    return files;
  }
}
