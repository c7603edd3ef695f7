package magnus.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
 * The whole data path on real peers: seven Payara Micro processes over their own PostgreSQL
 * databases, driven with {@code bin/magnus} as a person would. Peer 0 is the owner; the code is
 * k=3, n=5, so its fragments go to five of the six others.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupRestoreIT {

  static final int PEERS = 7;

  /**
   * 256 MB of heap per peer; 8 GiB offered by each (the networks' 1 GiB would be full after the 2
   * GiB file's fragments, 3.6 GB over six holders, until their removals are all confirmed, and the
   * backups of the tests after it would fail for room).
   */
  static final TestNetwork NET =
      new TestNetwork(
          "files",
          18500,
          Map.of("MAGNUS_HEAP", "256m", "MAGNUS_CAPACITY_BYTES", Long.toString(8L << 30)));

  static Path work;
  static Path big;

  @BeforeAll
  static void startNetwork() throws Exception {
    Run start = NET.start(PEERS);
    assertThat(start.exitCode()).as(start.output()).isZero();
    work = NET.state().resolve("files");
    Files.createDirectories(work);
    big = work.resolve("big.bin");
    randomFile(big, 100L << 20, 1);
    NET.awaitLive(0, PEERS);
  }

  @AfterAll
  static void stopNetwork() throws Exception {
    NET.network("stop");
  }

  @Test
  @Order(1)
  void restoresIdenticalBytesAfterLosingTwoHolders() throws Exception {
    Files.setPosixFilePermissions(big, PosixFilePermissions.fromString("rw-r-----"));
    Files.setLastModifiedTime(big, FileTime.fromMillis(1_600_000_000_000L));
    Run backup = NET.cli(0, "backup-files", "--k", "3", "--n", "5", big.toString());
    assertThat(backup.exitCode()).as(backup.output()).isZero();

    List<Integer> holders = holders(big.toString());
    assertThat(holders).hasSize(5).doesNotContain(0);
    kill(holders.get(0));
    kill(holders.get(1));

    Path restored = work.resolve("restored.bin");
    Run restore = NET.cli(0, "restore", big.toString(), "--to", restored.toString());
    assertThat(restore.exitCode()).as(restore.output()).isZero();
    assertThat(Files.mismatch(big, restored)).isEqualTo(-1L);
    assertThat(Files.getLastModifiedTime(restored).toMillis()).isEqualTo(1_600_000_000_000L);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(restored)))
        .isEqualTo("rw-r-----");

    // A third holder gone: 2 of the 3 needed fragments remain, and nothing is written.
    kill(holders.get(2));
    Path nothing = work.resolve("never.bin");
    Run fails = NET.cli(0, "restore", big.toString(), "--to", nothing.toString());
    assertThat(fails.exitCode()).as(fails.output()).isNotZero();
    assertThat(fails.output()).contains("need 3 fragments, 2 reachable");
    assertThat(nothing).doesNotExist();
    try (Stream<Path> left = Files.list(work)) {
      assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("never"));
    }
    // The three at once: start-peer boots them side by side.
    Run again =
        NET.network("start-peer", "" + holders.get(0), "" + holders.get(1), "" + holders.get(2));
    assertThat(again.exitCode()).as(again.output()).isZero();
    NET.awaitLive(0, PEERS);
  }

  @Test
  @Order(2)
  void aFlippedByteIsDetectedAndAnotherFragmentUsed() throws Exception {
    Path small = work.resolve("flip.bin");
    randomFile(small, 3L << 20, 2);
    Run backup = NET.cli(0, "backup-files", small.toString());
    assertThat(backup.exitCode()).as(backup.output()).isZero();
    // Fragment 0 is a data fragment, which a restore asks for first.
    int holder = holderOf(small.toString(), 0);
    Path fragment = fragmentFile(holder, small.toString(), 0);
    assertThat(fragment).isRegularFile();
    try (FileChannel ch =
        FileChannel.open(fragment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
      ch.read(b, 12345);
      b.flip();
      byte flipped = (byte) (b.get(0) ^ 0x01);
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {flipped}), 12345);
    }
    Path restored = work.resolve("flip.restored");
    Run restore = NET.cli(0, "restore", small.toString(), "--to", restored.toString());
    assertThat(restore.exitCode()).as(restore.output()).isZero();
    assertThat(restore.output()).contains(NET.url(holder)).containsIgnoringCase("fragment 0");
    assertThat(Files.mismatch(small, restored)).isEqualTo(-1L);
  }

  @Test
  @Order(3)
  void aHolderKilledInTheMiddleOfABackupLeavesNothingUnrestorable() throws Exception {
    Path file = work.resolve("midway.bin");
    randomFile(file, 300L << 20, 3);
    Path log = work.resolve("midway.log");
    Process cli = NET.startCli(0, log, "backup-files", file.toString());
    // Wait until a holder is receiving (its temporary fragment file exists), then kill it.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    int victim = -1;
    while (System.nanoTime() < deadline && cli.isAlive() && victim < 0) {
      for (int p = 1; p < PEERS && victim < 0; p++) {
        if (receiving(p)) {
          victim = p;
        }
      }
      Thread.sleep(20);
    }
    assertThat(victim).as("no peer was receiving a fragment").isPositive();
    kill(victim);
    assertThat(cli.waitFor(600, TimeUnit.SECONDS)).isTrue();
    String output = Files.readString(log);
    JsonArray listed = files(file.toString());
    if (cli.exitValue() == 0) {
      // Completed on another peer: it must restore.
      assertThat(listed).hasSize(1);
      Path restored = work.resolve("midway.restored");
      Run restore = NET.cli(0, "restore", file.toString(), "--to", restored.toString());
      assertThat(restore.exitCode()).as(restore.output()).isZero();
      assertThat(Files.mismatch(file, restored)).isEqualTo(-1L);
    } else {
      assertThat(listed).as(output).isEmpty();
    }
    Run again = NET.network("start-peer", "" + victim);
    assertThat(again.exitCode()).as(again.output()).isZero();
    NET.awaitLive(0, PEERS);
  }

  @Test
  @Order(4)
  void badInputGetsAClearErrorAndNothingIsRecorded() throws Exception {
    Run missing = NET.cli(0, "backup-files", work.resolve("no-such-file").toString());
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.output()).contains("no-such-file", "no such file");

    Run kBiggerThanN = NET.cli(0, "backup-files", "--k", "6", "--n", "5", big.toString());
    assertThat(kBiggerThanN.exitCode()).as(kBiggerThanN.output()).isEqualTo(2);
    // The peer answers the same, for clients other than the CLI, with the codec's one rule.
    assertProblem(
        post(0, "/api/backups", "{\"paths\": [" + quoted(big) + "], \"k\": 6, \"n\": 5}"),
        400,
        "k is 6 and n is 5; k (fragments needed) must not exceed n (fragments made):"
            + " 1 <= k <= n <= 256");
    // 2^32 + 1 is refused as it is, not truncated to 1.
    assertProblem(
        post(0, "/api/backups", "{\"paths\": [" + quoted(big) + "], \"k\": 4294967297}"),
        400,
        "k is 4294967297 and n is 5; k (fragments needed) must not exceed n (fragments made):"
            + " 1 <= k <= n <= 256");
    assertProblem(
        post(0, "/api/backups", "{\"paths\": [" + quoted(big) + "], \"n\": 4294967297}"),
        400,
        "n is 4294967297; n (fragments made) must be at most 256");
    assertProblem(
        post(0, "/api/backups", "{\"paths\": [" + quoted(big) + "], \"k\": 2.5}"),
        400,
        "k must be a whole number, got 2.5");
    assertProblem(
        post(0, "/api/backups", "{\"paths\": [" + quoted(big) + "], \"K\": 3}"),
        400,
        "unknown field \"K\"; a backup takes paths, k and n");
    assertProblem(
        post(0, "/api/backups", "{\"paths\": []}"),
        400,
        "paths is empty; name at least one file or directory to back up");
    assertProblem(
        post(0, "/api/backups", "{\"paths\": [\"relative/x\"]}"),
        400,
        "relative/x is a relative path; give absolute paths");
    assertProblem(
        post(0, "/api/backups", ""),
        400,
        "the request has no body; send {\"paths\": [\"/absolute/path\"]}");
    assertProblem(
        post(0, "/api/restores", "{\"path\": " + quoted(big) + ", \"version\": 4294967297}"),
        400,
        "version is 4294967297; versions are numbered from 1 to 2147483647");
    assertProblem(
        post(0, "/api/restores", "{\"path\": " + quoted(big) + ", \"version\": 0}"),
        400,
        "version is 0; versions are numbered from 1");
    assertProblem(
        post(0, "/api/restores", "{\"version\": 1}"),
        400,
        "path is missing; name the backed-up file to restore");
    assertProblem(
        post(0, "/api/recovery", "{\"to\": \"drill\"}"),
        400,
        "drill is a relative path; give an absolute directory");

    // The request records and their constraints are the API's schemas.
    HttpResponse<String> openapi = NET.get(0, "/openapi");
    assertThat(openapi).isNotNull();
    assertThat(openapi.statusCode()).as(openapi.body()).isEqualTo(200);
    assertThat(openapi.body()).contains("BackupRequest:", "RestoreRequest:", "minItems: 1");

    Run tooWide = NET.cli(0, "backup-files", "--k", "3", "--n", "7", big.toString());
    assertThat(tooWide.exitCode()).isNotZero();
    assertThat(tooWide.output()).contains("7", "6 live");

    Path socket = work.resolve("a.sock");
    Files.deleteIfExists(socket);
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      Run sock = NET.cli(0, "backup-files", socket.toString());
      assertThat(sock.exitCode()).isNotZero();
      assertThat(sock.output()).contains("socket");
    }
    Run device = NET.cli(0, "backup-files", "/dev/null");
    assertThat(device.exitCode()).isNotZero();
    assertThat(device.output()).contains("character device");

    // A file that cannot be read: the kernel refuses reads of this one with an I/O error.
    Run unreadable = NET.cli(0, "backup-files", "/proc/self/mem");
    assertThat(unreadable.exitCode()).isNotZero();
    assertThat(unreadable.output()).contains("/proc/self/mem");

    // A file that is written to while it is read: refused, nothing recorded.
    Path growing = work.resolve("growing.log");
    randomFile(growing, 50_000_000, 21);
    java.util.concurrent.atomic.AtomicBoolean writing =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread writer =
        new Thread(
            () -> {
              try (var out =
                  Files.newOutputStream(growing, java.nio.file.StandardOpenOption.APPEND)) {
                while (writing.get()) {
                  out.write(new byte[1024]);
                  out.flush();
                  Thread.sleep(5);
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    writer.start();
    try {
      long size = Files.size(growing);
      while (Files.size(growing) == size) {
        Thread.sleep(5);
      }
      Run changing = NET.cli(0, "backup-files", growing.toString());
      assertThat(changing.exitCode()).as(changing.output()).isNotZero();
      assertThat(changing.output()).contains("changed while it was being backed up");
    } finally {
      writing.set(false);
      writer.join();
    }
    assertThat(files(growing.toString())).isEmpty();

    assertThat(files(work.resolve("no-such-file").toString())).isEmpty();
    assertThat(files("/dev/")).isEmpty();
    assertThat(files("/proc/")).isEmpty();
  }

  @Test
  @Order(7)
  void aTwoGigabyteFileBacksUpAndRestoresOnPeersWith256MegabytesOfHeap() throws Exception {
    // Every peer of this network runs with -Xmx256m (MAGNUS_HEAP): the file is eight times the
    // owner's heap, and each fragment more than twice a holder's. Its bytes are a pseudo-random
    // sequence, quick to make, which no chunk of a snapshot repeats: 2 GiB of chunks to store, in
    // some 128 packs, and to restore.
    Path huge = work.resolve("huge.bin");
    try (var out =
        java.nio.channels.FileChannel.open(
            huge,
            java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE)) {
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(1 << 20);
      long x = 2026;
      for (int block = 0; block < 2048; block++) {
        buffer.clear();
        while (buffer.hasRemaining()) {
          // splitmix64
          long z = (x += 0x9E3779B97F4A7C15L);
          z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
          z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
          buffer.putLong(z ^ (z >>> 31));
        }
        buffer.flip();
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
      }
    }
    Path restored = work.resolve("huge.restored");
    boolean pruned = false;
    try {
      String sha256 = TestNetwork.sha256(huge);
      Run backup = NET.cli(0, "backup-files", huge.toString());
      assertThat(backup.exitCode()).as(backup.output()).isZero();
      Run restore = NET.cli(0, "restore", huge.toString(), "--to", restored.toString());
      assertThat(restore.exitCode()).as(restore.output()).isZero();
      assertThat(TestNetwork.sha256(restored)).isEqualTo(sha256);
      Files.delete(restored);
      // Gone before the snapshot, which a delete of the path then finds alone.
      Run deleteFiles = NET.cli(0, "delete", huge.toString());
      assertThat(deleteFiles.exitCode()).as(deleteFiles.output()).isZero();
      assertThat(deleteFiles.output()).contains("deleted " + huge + ": 1 version, 5 fragments");

      // The same file as a snapshot: chunked, packed, and restored from its packs.
      Run snapshot = NET.cli(0, "backup", huge.toString());
      assertThat(snapshot.exitCode()).as(snapshot.output()).isZero();
      assertThat(snapshot.output()).contains("1 new, 0 changed, 0 unchanged, 2.1 GB added");
      Run fromPacks =
          NET.cli(
              0, "restore", "--snapshot", "latest", huge.toString(), "--to", restored.toString());
      assertThat(fromPacks.exitCode()).as(fromPacks.output()).isZero();
      assertThat(TestNetwork.sha256(restored)).isEqualTo(sha256);

      // delete takes it out of the snapshot, which held nothing else and is forgotten; the prune
      // frees the packs.
      Run delete = NET.cli(0, "delete", huge.toString());
      assertThat(delete.exitCode()).as(delete.output()).isZero();
      assertThat(delete.output())
          .contains("deleted " + huge + " from 1 snapshot")
          .contains("forgotten: it held only " + huge)
          .doesNotContain("version");
      Run prune = NET.cli(0, "prune");
      assertThat(prune.exitCode()).as(prune.output()).isZero();
      // 2 GiB in packs of 16, 16, 32, 32 and then 64 MiB (PackUploads.target): some 35 packs.
      assertThat(prune.output()).containsPattern("pruned: 3[0-9] packs removed");
      pruned = true;
    } finally {
      if (!pruned) {
        // What a failure left must not fill the holders for the tests after this one.
        NET.cli(0, "delete", huge.toString());
        NET.cli(0, "prune");
      }
      Files.deleteIfExists(restored);
      Files.deleteIfExists(huge);
    }
  }

  @Test
  @Order(6)
  void theQuickStartDemoBacksUpLosesTwoHoldersAndRestores() throws Exception {
    Run demo = NET.network("demo");
    assertThat(demo.exitCode()).as(demo.output()).isZero();
    assertThat(demo.output()).contains("killing peers 1 and 2", "== identical");
    Path dir = NET.state().resolve("demo");
    assertThat(Files.mismatch(dir.resolve("sample.bin"), dir.resolve("restored.bin")))
        .isEqualTo(-1L);
    NET.awaitLive(0, PEERS);
  }

  @Test
  @Order(5)
  void aDirectoryTreeBacksUpAndDeleteReachesAnOfflineHolderLater() throws Exception {
    Path tree = work.resolve("tree");
    Files.createDirectories(tree.resolve("a/b"));
    Files.writeString(tree.resolve("a/one.txt"), "one");
    Files.writeString(tree.resolve("a/b/two.txt"), "two two");
    Files.write(tree.resolve("empty"), new byte[0]);
    Run backup = NET.cli(0, "backup-files", tree.toString());
    assertThat(backup.exitCode()).as(backup.output()).isZero();
    assertThat(files(tree + "/")).hasSize(3);

    // A second backup of a changed file makes version 2; version 1 stays restorable.
    Files.writeString(tree.resolve("a/one.txt"), "one, changed");
    assertThat(NET.cli(0, "backup-files", tree.resolve("a/one.txt").toString()).exitCode())
        .isZero();
    Run versions = NET.cli(0, "versions", tree.resolve("a/one.txt").toString());
    assertThat(versions.exitCode()).as(versions.output()).isZero();
    Path old = work.resolve("one.v1");
    Run restoreOld =
        NET.cli(
            0,
            "restore",
            tree.resolve("a/one.txt").toString(),
            "--version",
            "1",
            "--to",
            old.toString());
    assertThat(restoreOld.exitCode()).as(restoreOld.output()).isZero();
    assertThat(Files.readString(old)).isEqualTo("one");

    Run ls = NET.cli(0, "ls", tree.toString());
    assertThat(ls.exitCode()).isZero();
    assertThat(ls.output()).contains("one.txt", "two.txt", "empty");

    String two = tree.resolve("a/b/two.txt").toString();
    List<Integer> holders = holders(two);
    kill(holders.get(0));
    Run delete = NET.cli(0, "delete", two);
    assertThat(delete.exitCode()).as(delete.output()).isZero();
    assertThat(files(two)).isEmpty();
    for (int h : holders.subList(1, holders.size())) {
      assertThat(heldOn(h, two)).as("peer " + h + " still holds a fragment").isFalse();
    }
    Run again = NET.network("start-peer", "" + holders.get(0));
    assertThat(again.exitCode()).as(again.output()).isZero();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (heldOn(holders.get(0), two) && System.nanoTime() < deadline) {
      Thread.sleep(1_000);
    }
    assertThat(heldOn(holders.get(0), two))
        .as("the removal reached the holder when it came back")
        .isFalse();

    Run gone = NET.cli(0, "restore", two);
    assertThat(gone.exitCode()).isNotZero();
    assertThat(gone.output()).contains("no backup of " + two);
  }

  @Test
  @Order(8)
  void eventsArriveAsTheyHappenAndASecondBackupOfTheSamePathIsRefused() throws Exception {
    Path file = work.resolve("streamed.bin");
    randomFile(file, 200L << 20, 8);
    // The big file alone was backed up in 2.5 s once, before the second request below was even
    // answered; and with warm peers, 300 small files before it took about as long. So the small
    // files go first and the big file last: the run keeps its claim on the file all along, and
    // records the file only at its end, seconds after its first event.
    Path slow = work.resolve("streamed-small");
    Files.createDirectories(slow);
    int smallFiles = 300;
    for (int i = 0; i < smallFiles; i++) {
      Files.writeString(slow.resolve("f" + i), "small file " + i);
    }
    HttpResponse<InputStream> backup =
        HTTP.send(
            post(0, "/api/backups", "{\"paths\": [" + quoted(slow) + ", " + quoted(file) + "]}"),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(backup.statusCode()).isEqualTo(200);
    assertThat(backup.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
    try (BufferedReader events =
        new BufferedReader(new InputStreamReader(backup.body(), StandardCharsets.UTF_8))) {
      JsonObject first = json(events.readLine());
      assertThat(first.getString("event")).isEqualTo("start");
      // The first event is here and the backup is not over: nothing is recorded for the file yet.
      assertThat(files(file.toString())).isEmpty();

      HttpResponse<String> same =
          HTTP.send(
              post(0, "/api/backups", "{\"paths\": [" + quoted(file) + "]}"),
              HttpResponse.BodyHandlers.ofString());
      assertThat(same.statusCode()).as(same.body()).isEqualTo(409);
      assertThat(json(same.body()).getString("detail"))
          .isEqualTo(
              "a backup of "
                  + file
                  + " is running; wait for it to end, then back up "
                  + file
                  + " again");
      HttpResponse<String> second =
          HTTP.send(
              post(0, "/api/backups", "{\"paths\": [" + quoted(work) + "]}"),
              HttpResponse.BodyHandlers.ofString());
      assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
      assertThat(second.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(json(second.body()).getString("detail"))
          .isEqualTo(
              // The first of the running backup's paths that overlaps it.
              "a backup of "
                  + slow
                  + " is running, which overlaps "
                  + work
                  + "; wait for it to end, then back up "
                  + work
                  + " again");

      JsonObject last = lastEvent(first, events);
      assertThat(last.getString("event")).as(last.toString()).isEqualTo("done");
      assertThat(last.getInt("stored")).isEqualTo(1 + smallFiles);
    }
    assertThat(files(file.toString())).hasSize(1);

    // Once it has ended, the same path backs up again.
    Run again = NET.cli(0, "backup-files", file.toString());
    assertThat(again.exitCode()).as(again.output()).isZero();

    Path restored = work.resolve("streamed.restored");
    HttpResponse<InputStream> restore =
        HTTP.send(
            post(
                0,
                "/api/restores",
                "{\"path\": " + quoted(file) + ", \"to\": " + quoted(restored) + "}"),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(restore.statusCode()).isEqualTo(200);
    assertThat(restore.headers().firstValue("Content-Length")).isEmpty();
    try (BufferedReader events =
        new BufferedReader(new InputStreamReader(restore.body(), StandardCharsets.UTF_8))) {
      JsonObject first = json(events.readLine());
      assertThat(first.getString("event")).isEqualTo("start");
      // A restore renames its file into place at its end: the first event came before that.
      assertThat(restored).doesNotExist();
      JsonObject last = lastEvent(first, events);
      assertThat(last.getString("event")).as(last.toString()).isEqualTo("done");
    }
    assertThat(Files.mismatch(file, restored)).isEqualTo(-1L);
    Files.delete(restored);
    Files.delete(file);
  }

  @Test
  @Order(9)
  void manyRestoresAtOnceIntoANewTreeAllSucceed() throws Exception {
    // Names of which one is another's with a suffix, as in man-db's examples (manpage.example,
    // manpage.example.pod), side by side in many directories that the restores must create.
    Path tree = work.resolve("many");
    List<Path> originals = new ArrayList<>();
    Random random = new Random(9);
    for (int d = 0; d < 16; d++) {
      Path dir = tree.resolve("d" + d % 4).resolve("e" + d);
      Files.createDirectories(dir);
      for (String name : List.of("x", "x.pod", "x.pod.gz")) {
        Path f = dir.resolve(name);
        byte[] bytes = new byte[1 + random.nextInt(20_000)];
        random.nextBytes(bytes);
        Files.write(f, bytes);
        originals.add(f);
      }
    }
    Run backup = NET.cli(0, "backup-files", tree.toString());
    assertThat(backup.exitCode()).as(backup.output()).isZero();

    Path into = work.resolve("many-restored");
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> restores = new ArrayList<>();
    for (Path f : originals) {
      Path to = into.resolve(tree.relativize(f));
      restores.add(
          HTTP.sendAsync(
              post(0, "/api/restores", "{\"path\": " + quoted(f) + ", \"to\": " + quoted(to) + "}"),
              HttpResponse.BodyHandlers.ofString()));
    }
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < originals.size(); i++) {
      HttpResponse<String> r = restores.get(i).get(300, TimeUnit.SECONDS);
      String[] lines = r.body().split("\n");
      JsonObject last = json(lines[lines.length - 1]);
      if (r.statusCode() != 200 || !"done".equals(last.getString("event"))) {
        failures.add(originals.get(i) + ": " + r.statusCode() + " " + last);
      }
    }
    assertThat(failures).as("restores that failed").isEmpty();
    for (Path f : originals) {
      assertThat(Files.mismatch(f, into.resolve(tree.relativize(f))))
          .as(f.toString())
          .isEqualTo(-1L);
    }
    try (Stream<Path> all = Files.walk(into)) {
      assertThat(all.map(p -> p.getFileName().toString()))
          .as("temporary files left")
          .noneMatch(n -> n.endsWith(".magnus-restore"));
    }
  }

  // ---------------------------------------------------------------------------------------------

  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5)).build();

  static HttpRequest post(int peer, String path, String body) {
    return HttpRequest.newBuilder(URI.create(NET.url(peer) + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /** Sends the request and checks that it is answered with a one-line problem of that detail. */
  static void assertProblem(HttpRequest request, int status, String detail) throws Exception {
    HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json(r.body()).getString("detail")).isEqualTo(detail);
  }

  static String quoted(Path p) {
    return Json.createValue(p.toString()).toString();
  }

  static JsonObject json(String text) {
    assertThat(text).as("an answer or an event line").isNotNull();
    return Json.createReader(new StringReader(text)).readObject();
  }

  /** Reads a stream of events to its end; the last one. */
  static JsonObject lastEvent(JsonObject first, BufferedReader events) throws Exception {
    JsonObject last = first;
    for (String line; (line = events.readLine()) != null; ) {
      last = json(line);
    }
    return last;
  }

  static void kill(int peer) throws Exception {
    Run kill = NET.network("kill", "" + peer);
    assertThat(kill.exitCode()).as(kill.output()).isZero();
  }

  static void randomFile(Path file, long size, long seed) throws Exception {
    Random random = new Random(seed);
    byte[] chunk = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= chunk.length) {
        random.nextBytes(chunk);
        out.write(chunk, 0, (int) Math.min(left, chunk.length));
      }
    }
  }

  /** The owner's FileMap listing under a path prefix. */
  static JsonArray files(String prefix) {
    HttpResponse<String> r =
        NET.get(
            0,
            "/api/files?path="
                + java.net.URLEncoder.encode(prefix, java.nio.charset.StandardCharsets.UTF_8));
    assertThat(r).isNotNull();
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.createReader(new StringReader(r.body())).readArray();
  }

  static String owner() {
    HttpResponse<String> r = NET.get(0, "/api/probe");
    assertThat(r).isNotNull();
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.createReader(new StringReader(r.body())).readObject().getString("id");
  }

  /** The fragment headers peer {@code peer} holds for the owner, for one path. */
  static List<JsonObject> heldFor(int peer, String path) {
    List<JsonObject> found = new ArrayList<>();
    String after = null;
    do {
      HttpResponse<String> r =
          NET.get(
              peer,
              "/api/fragments?owner="
                  + owner()
                  + "&limit=1000"
                  + (after == null ? "" : "&after=" + after));
      // A holder that cannot answer must fail the test, not look as if it held nothing.
      assertThat(r).as("peer " + peer + " does not answer GET /api/fragments").isNotNull();
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonObject page = Json.createReader(new StringReader(r.body())).readObject();
      for (JsonObject h : page.getJsonArray("fragments").getValuesAs(JsonObject.class)) {
        String meta =
            new String(
                java.util.Base64.getDecoder().decode(h.getString("metadata")),
                java.nio.charset.StandardCharsets.UTF_8);
        if (Json.createReader(new StringReader(meta)).readObject().getString("path").equals(path)) {
          found.add(h);
        }
      }
      after = page.isNull("next") ? null : page.getString("next");
    } while (after != null);
    return found;
  }

  static boolean heldOn(int peer, String path) {
    return !heldFor(peer, path).isEmpty();
  }

  /** Peers holding fragments of the path, in fragment order. */
  static List<Integer> holders(String path) {
    Integer[] byIndex = new Integer[256];
    int count = 0;
    for (int p = 1; p < PEERS; p++) {
      for (JsonObject h : heldFor(p, path)) {
        byIndex[h.getInt("index")] = p;
        count++;
      }
    }
    List<Integer> holders = new ArrayList<>();
    for (Integer p : byIndex) {
      if (p != null) {
        holders.add(p);
      }
    }
    assertThat(holders).hasSize(count);
    return holders;
  }

  static int holderOf(String path, int index) {
    for (int p = 1; p < PEERS; p++) {
      for (JsonObject h : heldFor(p, path)) {
        if (h.getInt("index") == index) {
          return p;
        }
      }
    }
    throw new AssertionError("no peer holds fragment " + index + " of " + path);
  }

  /** Whether the peer is in the middle of receiving a fragment. */
  static boolean receiving(int peer) throws Exception {
    Path fragments = NET.dataDirectory(peer).resolve("fragments");
    if (!Files.isDirectory(fragments)) {
      return false;
    }
    try (Stream<Path> all = Files.walk(fragments)) {
      return all.anyMatch(p -> p.getFileName().toString().endsWith(".tmp"));
    } catch (java.io.UncheckedIOException e) {
      return false; // a file vanished while the tree was walked
    }
  }

  /** The file in which peer {@code peer} keeps fragment {@code index} of the path. */
  static Path fragmentFile(int peer, String path, int index) throws Exception {
    JsonObject h =
        heldFor(peer, path).stream()
            .filter(f -> f.getInt("index") == index)
            .findFirst()
            .orElseThrow();
    Path dir =
        NET.dataDirectory(peer)
            .resolve("fragments")
            .resolve(h.getString("owner"))
            .resolve(h.getString("fileId"))
            .resolve("" + h.getInt("version"));
    return dir.resolve(index + "." + h.getString("sha256"));
  }
}
