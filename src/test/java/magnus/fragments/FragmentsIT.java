package magnus.fragments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import magnus.fragments.boundary.PeerCalls;
import magnus.fragments.boundary.RemoteFragments;
import magnus.fragments.control.FragmentHeaders;
import magnus.fragments.control.PeerCallException;
import magnus.fragments.control.PeerRefusedException;
import magnus.fragments.entity.FragmentHeader;
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
 * The peer protocol against a real peer, started with {@code bin/magnus-network} under {@code
 * target/it-fragments} (its own port and database, through {@link TestNetwork}), called through
 * {@link RemoteFragments} as another peer would, and through plain HTTP where the test needs to
 * send what a peer would not. The restart test kills the peer, disturbs its data directory and
 * starts it again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FragmentsIT {

  static final int PORT = 18600;
  static final long CAPACITY = 64L << 20;
  static final TestNetwork NETWORK =
      new TestNetwork(
          "fragments",
          PORT,
          TestNetwork.quickBoot(Map.of("MAGNUS_CAPACITY_BYTES", Long.toString(CAPACITY))));
  static final Path STATE = NETWORK.state();
  static final Path DATA = NETWORK.dataDirectory(0);
  static final String URL = NETWORK.url(0);

  static final String OWNER = "00112233445566778899aabbccddeeff";
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static RemoteFragments remote;

  @BeforeAll
  static void startPeer() throws Exception {
    Run start = NETWORK.start(1);
    assertThat(start.exitCode()).as(start.output()).isZero();
    remote = new RemoteFragments(new PeerCalls(PeerCalls.newHttpClient(null)));
  }

  @AfterAll
  static void stopPeer() throws Exception {
    network("stop");
  }

  @Test
  @Order(1)
  void probeSaysWhoThePeerIsAndWhatItOffers() {
    RemoteFragments.ProbeAnswer probe = remote.probe(URL).toCompletableFuture().join();
    assertThat(probe.id()).matches("[0-9a-f]{32}");
    assertThat(probe.url()).isEqualTo(URL);
    assertThat(probe.failureDomain()).isEqualTo("local-0");
    assertThat(probe.capacityBytes()).isEqualTo(CAPACITY);
    assertThat(probe.freeBytes()).isEqualTo(CAPACITY);
  }

  @Test
  @Order(2)
  void aMultiMegabyteFragmentRoundTripsStreamed() throws Exception {
    byte[] body = bytes(6_000_000, 1);
    FragmentHeader header = header("photo.jpg", 1, 2, body, "bWV0YQ==");
    FragmentHeader stored =
        remote.store(URL, header, new ByteArrayInputStream(body)).toCompletableFuture().join();
    assertThat(stored).isEqualTo(header);

    RemoteFragments.Retrieved back =
        remote.retrieve(URL, OWNER, "photo.jpg", 1, 2).toCompletableFuture().join();
    assertThat(back.header()).isEqualTo(header);
    try (InputStream in = back.body()) {
      assertThat(in.readAllBytes()).isEqualTo(body);
    }
    assertThat(free()).isEqualTo(CAPACITY - body.length);
    // What the peer publishes to the others, for placement, is the same real free space.
    assertThat(publishedFree()).isEqualTo(CAPACITY - body.length);
    assertThat(fragmentFiles()).hasSize(1);
  }

  @Test
  @Order(3)
  void storingTheSameFragmentAgainChangesNothingAndADifferentOneReplacesIt() throws Exception {
    byte[] body = bytes(100_000, 2);
    FragmentHeader header = header("doc.txt", 1, 0, body, "");
    store(header, body);
    long freeBefore = free();
    List<Path> filesBefore = fragmentFiles();
    assertThat(store(header, body)).isEqualTo(header);
    assertThat(free()).isEqualTo(freeBefore);
    assertThat(fragmentFiles()).isEqualTo(filesBefore);

    byte[] other = bytes(50_000, 3);
    FragmentHeader replacement = header("doc.txt", 1, 0, other, "");
    store(replacement, other);
    assertThat(free()).isEqualTo(freeBefore + body.length - other.length);
    assertThat(fragmentFiles()).hasSameSizeAs(filesBefore);
    RemoteFragments.Retrieved back =
        remote.retrieve(URL, OWNER, "doc.txt", 1, 0).toCompletableFuture().join();
    try (InputStream in = back.body()) {
      assertThat(in.readAllBytes()).isEqualTo(other);
    }
  }

  @Test
  @Order(4)
  void aBodyThatDoesNotMatchItsHashIsRefusedAndNothingIsKept() throws Exception {
    byte[] body = bytes(2_000_000, 4);
    FragmentHeader header = header("damaged.bin", 1, 0, body, "");
    byte[] damaged = body.clone();
    damaged[1_234_567] ^= 0x40;
    long freeBefore = free();
    List<Path> filesBefore = fragmentFiles();

    HttpResponse<String> answer = post(header, damaged);
    assertThat(answer.statusCode()).isEqualTo(400);
    assertProblem(answer, 400, "SHA-256");

    assertThatThrownBy(
            () ->
                remote
                    .store(URL, header, new ByteArrayInputStream(damaged))
                    .toCompletableFuture()
                    .join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(PeerRefusedException.class)
        .satisfies(e -> assertThat(((PeerCallException) e).status()).hasValue(400))
        .satisfies(e -> assertThat(((PeerCallException) e).peerUrl()).isEqualTo(URL));

    assertThat(fragmentFiles()).isEqualTo(filesBefore);
    assertThat(temporaryFiles()).isEmpty();
    assertThat(free()).isEqualTo(freeBefore);
    assertThat(get("/api/fragments/" + OWNER + "/damaged.bin/1/0").statusCode()).isEqualTo(404);
  }

  @Test
  @Order(5)
  void aFragmentOverTheOfferedCapacityIsRefusedWith507() throws Exception {
    byte[] body = bytes(1_000, 5);
    FragmentHeader real = header("huge.iso", 1, 0, body, "");
    // Claims more than the peer has left: refused before the body is read.
    FragmentHeader huge =
        new FragmentHeader(
            OWNER, "huge.iso", 1, 0, 3, 5, 3 * CAPACITY, 1 << 20, CAPACITY, real.sha256(), "");
    HttpResponse<String> answer = post(huge, body);
    assertProblem(answer, 507, "does not fit");

    assertThatThrownBy(
            () ->
                remote
                    .store(URL, huge, new ByteArrayInputStream(body))
                    .toCompletableFuture()
                    .join())
        // The peer answers 507 without reading the body; the client may see that answer, or
        // fail first on a body shorter than its header claims. Either way the call fails.
        .cause()
        .isInstanceOf(PeerCallException.class)
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .containsAnyOf("does not fit", "Too few bytes returned by the publisher"));
    assertThat(get("/api/fragments/" + OWNER + "/huge.iso/1/0").statusCode()).isEqualTo(404);
  }

  @Test
  @Order(6)
  void removeDropsTheFragmentAndSaysNoContentAlsoWhenAbsent() throws Exception {
    byte[] body = bytes(10_000, 6);
    FragmentHeader header = header("old.log", 3, 4, body, "");
    store(header, body);
    int files = fragmentFiles().size();
    remote.remove(URL, OWNER, "old.log", 3, 4).toCompletableFuture().join();
    remote.remove(URL, OWNER, "old.log", 3, 4).toCompletableFuture().join();
    assertThat(fragmentFiles()).hasSize(files - 1);
    assertThatThrownBy(
            () -> remote.retrieve(URL, OWNER, "old.log", 3, 4).toCompletableFuture().join())
        .cause()
        .isInstanceOf(PeerRefusedException.class)
        .satisfies(e -> assertThat(((PeerCallException) e).status()).hasValue(404))
        .hasMessageContaining("holds no fragment 4 of version 3 of file old.log");
    HttpResponse<String> delete =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(URL + "/api/fragments/" + OWNER + "/old.log/3/4"))
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(delete.statusCode()).isEqualTo(204);
  }

  @Test
  @Order(7)
  void queryPagesThroughEveryFragmentOfAnOwnerInOrder() throws Exception {
    String owner = "ffeeddccbbaa99887766554433221100";
    List<FragmentHeader> expected = new ArrayList<>();
    for (int f = 0; f < 9; f++) {
      for (int i = 0; i < 3; i++) {
        byte[] body = bytes(100 + f, 100 * f + i);
        FragmentHeader h =
            new FragmentHeader(
                owner, "f" + f, 1, i, 2, 3, 200, 1 << 20, body.length, sha256(body), "");
        store(h, body);
        expected.add(h);
      }
    }
    List<FragmentHeader> seen = new ArrayList<>();
    String after = null;
    int pages = 0;
    do {
      RemoteFragments.Page page = remote.query(URL, owner, after, 10).toCompletableFuture().join();
      assertThat(page.fragments()).hasSizeLessThanOrEqualTo(10);
      seen.addAll(page.fragments());
      after = page.next();
      pages++;
    } while (after != null);
    assertThat(pages).isEqualTo(3);
    assertThat(seen).isEqualTo(expected);
    // Another owner's fragments are not listed, and an owner with none has one empty page.
    RemoteFragments.Page none =
        remote.query(URL, "0".repeat(32), null, 10).toCompletableFuture().join();
    assertThat(none.fragments()).isEmpty();
    assertThat(none.next()).isNull();
  }

  @Test
  @Order(8)
  void badInputIsRefusedWithAProblemThatNamesIt() throws Exception {
    assertProblem(get("/api/fragments/NOT-AN-OWNER/a/1/0"), 400, "is not a peer id");
    assertProblem(get("/api/fragments/" + OWNER + "/.hidden/1/0"), 400, "file id '.hidden'");
    assertProblem(get("/api/fragments/" + OWNER + "/a/0/0"), 400, "numbered from 1");
    assertProblem(get("/api/fragments?owner=" + OWNER + "&limit=4294967297"), 400, "1 to 10000");
    assertProblem(get("/api/fragments/" + OWNER + "/a/x/0"), 400, "not a whole number");
    assertProblem(get("/api/fragments/" + OWNER + "/a/1/256"), 400, "0 to 255");
    assertProblem(get("/api/fragments?owner=" + OWNER + "&limit=10001"), 400, "1 to 10000");
    assertProblem(get("/api/fragments?owner=" + OWNER + "&after=junk"), 400, "'next' value");
    assertProblem(get("/api/fragments"), 400, "is not a peer id");
    byte[] body = bytes(10, 7);
    FragmentHeader badCode = header("a", 1, 0, body, "");
    badCode = new FragmentHeader(OWNER, "a", 1, 0, 4, 3, 10, 1, 10, badCode.sha256(), "");
    assertProblem(post(badCode, body), 400, "k (fragments needed) must not exceed n");
    // A number past an int is refused, not wrapped round to a valid one.
    assertProblem(get("/api/fragments/" + OWNER + "/a/4294967297/0"), 400, "version is 4294967297");
    HttpResponse<String> missing =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(URL + "/api/fragments"))
                .header("Content-Type", "application/octet-stream")
                .header(FragmentHeaders.OWNER, OWNER)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertProblem(missing, 400, "Magnus-File-Id is missing");
  }

  @Test
  @Order(9)
  void theProtocolIsInTheOpenApiDocument() throws Exception {
    HttpResponse<String> openapi = get("/openapi");
    assertThat(openapi.statusCode()).isEqualTo(200);
    assertThat(openapi.body())
        .contains(
            "/api/fragments:", "/api/fragments/{owner}/{fileId}/{version}/{index}", "/api/probe");
  }

  @Test
  @Order(9)
  void theRawLinkBenchmarkIsNotThereOnANormalPeer() throws Exception {
    // On, it would read this file and send it to the URL; off (the default), it is a 404 as if
    // it were not deployed, and /openapi does not list it.
    HttpResponse<String> throughput =
        postJson("/api/links/throughput", "{\"to\": \"" + URL + "\", \"path\": \"/etc/hostname\"}");
    assertThat(throughput.statusCode()).as(throughput.body()).isEqualTo(404);
    HttpResponse<String> sink =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(URL + "/api/links/sink"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[100]))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(sink.statusCode()).as(sink.body()).isEqualTo(404);
    assertThat(postJson("/api/no-such-call", "{}").statusCode()).isEqualTo(404);
    assertThat(get("/openapi").body()).doesNotContain("/api/links");
  }

  @Test
  @Order(10)
  void aRestartReconcilesTemporaryOrphanAndMissingFiles() throws Exception {
    byte[] kept = bytes(30_000, 8);
    byte[] lost = bytes(20_000, 9);
    FragmentHeader keptHeader = header("kept.dat", 1, 0, kept, "");
    FragmentHeader lostHeader = header("lost.dat", 1, 1, lost, "");
    store(keptHeader, kept);
    store(lostHeader, lost);

    Run kill = network("kill", "0");
    assertThat(kill.exitCode()).as(kill.output()).isZero();
    Path fragments = DATA.resolve("fragments").resolve(OWNER);
    Path keptFile = fragments.resolve("kept.dat/1/0." + keptHeader.sha256());
    Path lostFile = fragments.resolve("lost.dat/1/1." + lostHeader.sha256());
    assertThat(keptFile).hasBinaryContent(kept);
    Files.delete(lostFile);
    Path temporary = keptFile.resolveSibling(".3.4711.tmp");
    Files.write(temporary, bytes(5_000, 10));
    byte[] orphan = bytes(7_000, 11);
    Path orphanFile = fragments.resolve("orphan.dat/2/0." + sha256(orphan));
    Files.createDirectories(orphanFile.getParent());
    Files.write(orphanFile, orphan);
    long logBefore = Files.size(STATE.resolve("peer0/peer.log"));

    Run again = network("start-peer", "0");
    assertThat(again.exitCode()).as(again.output()).isZero();
    awaitSteadyAnswers();

    String log = Files.readString(STATE.resolve("peer0/peer.log")).substring((int) logBefore);
    assertThat(log)
        .contains(
            "removed the temporary file of an interrupted store: "
                + OWNER
                + "/kept.dat/1/.3.4711.tmp",
            "orphan.dat/2/0." + sha256(orphan) + " has no row; moved to",
            "lost.dat/1/1." + lostHeader.sha256() + " is missing; its row is deleted",
            "fragment files reconciled with the database: 1 temporary files removed, 1 files"
                + " without a row moved to orphans/, 1 rows whose file is missing deleted");
    assertThat(temporary).doesNotExist();
    assertThat(orphanFile).doesNotExist();
    assertThat(DATA.resolve("orphans").resolve(DATA.resolve("fragments").relativize(orphanFile)))
        .hasBinaryContent(orphan);
    assertThat(get("/api/fragments/" + OWNER + "/lost.dat/1/1").statusCode()).isEqualTo(404);
    RemoteFragments.Retrieved back =
        remote.retrieve(URL, OWNER, "kept.dat", 1, 0).toCompletableFuture().join();
    try (InputStream in = back.body()) {
      assertThat(in.readAllBytes()).isEqualTo(kept);
    }
    HttpResponse<String> ready = get("/health/ready");
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(ready.body()).contains("\"magnus-fragments\"");
    // The bytes held are counted from the rows: the lost fragment no longer counts.
    assertThat(free()).isEqualTo(CAPACITY - usedBytesOfRows());
  }

  @Test
  @Order(11)
  void aTrailerCarriesTheHashAndMetadataAfterTheBytes() throws Exception {
    byte[] body = bytes(3_000_000, 11);
    FragmentHeader full = header("trailed.bin", 1, 1, body, "bWV0YQ==");
    FragmentHeader stored =
        storeTrailed(
                "trailed.bin", 1, body, FragmentHeaders.trailer(full.sha256(), full.metadata()))
            .join();
    assertThat(stored).isEqualTo(full);
    RemoteFragments.Retrieved back =
        remote.retrieve(URL, OWNER, "trailed.bin", 1, 1).toCompletableFuture().join();
    assertThat(back.header()).isEqualTo(full);
    try (InputStream in = back.body()) {
      assertThat(in.readAllBytes()).isEqualTo(body);
    }

    // A trailer whose hash does not match the bytes: refused, and nothing new is kept.
    List<Path> filesBefore = fragmentFiles();
    byte[] wrong = FragmentHeaders.trailer(full.sha256(), "");
    assertThatThrownBy(() -> storeTrailed("trailed2.bin", 0, bytes(3_000_000, 12), wrong).join())
        .cause()
        .isInstanceOf(PeerRefusedException.class)
        .hasMessageContaining("SHA-256");
    assertThat(fragmentFiles()).isEqualTo(filesBefore);
    assertThat(temporaryFiles()).isEmpty();
  }

  @Test
  @Order(12)
  void aRangeOfAFragmentIsServedAloneAndABadRangeIsRefused() throws Exception {
    byte[] body = bytes(2_000_000, 13);
    FragmentHeader header = header("ranged.bin", 1, 0, body, "");
    store(header, body);
    String path = "/api/fragments/" + OWNER + "/ranged.bin/1/0";

    long servedBefore = servedBytes();
    HttpResponse<byte[]> part = getBytes(path, "bytes=1234567-1244566");
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.headers().firstValue("Content-Range"))
        .hasValue("bytes 1234567-1244566/2000000");
    assertThat(part.body()).isEqualTo(Arrays.copyOfRange(body, 1234567, 1244567));
    // What the holder counts as sent is the range, not the fragment.
    assertThat(servedBytes() - servedBefore).isEqualTo(10_000);
    // From a byte to the end, the last bytes, and a last byte past the end (cut to the end).
    assertThat(getBytes(path, "bytes=1999990-").body())
        .isEqualTo(Arrays.copyOfRange(body, 1999990, 2000000));
    assertThat(getBytes(path, "bytes=-3").body())
        .isEqualTo(Arrays.copyOfRange(body, 1999997, 2000000));
    assertThat(getBytes(path, "bytes=0-9999999").body()).isEqualTo(body);
    // The same through the client, as a restore will ask for it.
    RemoteFragments.Retrieved ranged =
        remote
            .retrieveRange(URL, OWNER, "ranged.bin", 1, 0, 1_000_000, 70_000)
            .toCompletableFuture()
            .join();
    assertThat(ranged.header()).isEqualTo(header);
    try (InputStream in = ranged.body()) {
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(body, 1_000_000, 1_070_000));
    }
    HttpResponse<byte[]> whole = getBytes(path, null);
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(body);

    HttpResponse<String> past = getWithRange(path, "bytes=2000000-");
    assertProblem(past, 416, "starts past the fragment's 2000000 bytes");
    assertThat(past.headers().firstValue("Content-Range")).hasValue("bytes */2000000");
    assertProblem(getWithRange(path, "bytes=0-1,5-9"), 400, "is not one byte range");
    assertProblem(getWithRange(path, "bytes=9-1"), 400, "ends before it starts");
    assertProblem(getWithRange(path, "lines=1-2"), 400, "send bytes=FIRST-LAST");
  }

  /** The holder's count of fragment bytes sent; fails when its metrics do not answer. */
  static long servedBytes() throws Exception {
    HttpResponse<String> metrics = get("/metrics?scope=application");
    assertThat(metrics.statusCode()).as(metrics.body()).isEqualTo(200);
    return metrics
        .body()
        .lines()
        .filter(line -> line.startsWith("fragments_served_bytes_total"))
        .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** A GET of {@code path}, with a {@code Range} header when {@code range} is not null. */
  static <T> HttpResponse<T> get(String path, String range, HttpResponse.BodyHandler<T> body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(URL + path)).timeout(Duration.ofSeconds(30));
    if (range != null) {
      request.header("Range", range);
    }
    return HTTP.send(request.build(), body);
  }

  static HttpResponse<byte[]> getBytes(String path, String range) throws Exception {
    return get(path, range, HttpResponse.BodyHandlers.ofByteArray());
  }

  static HttpResponse<String> getWithRange(String path, String range) throws Exception {
    return get(path, range, HttpResponse.BodyHandlers.ofString());
  }

  /** Stores a fragment whose hash and metadata follow its bytes in {@code trailer}. */
  static java.util.concurrent.CompletableFuture<FragmentHeader> storeTrailed(
      String fileId, int index, byte[] body, byte[] trailer) {
    FragmentHeader announced =
        new FragmentHeader(
            OWNER, fileId, 1, index, 3, 5, 3L * body.length, 1 << 20, body.length, null, null);
    return remote
        .store(
            URL,
            announced,
            new java.io.SequenceInputStream(
                new ByteArrayInputStream(body), new ByteArrayInputStream(trailer)),
            body.length + trailer.length)
        .toCompletableFuture();
  }

  // ----- helpers -----

  /**
   * Waits until the peer answers the probe three times in a row. A Payara Micro that starts again
   * from its existing root directory reloads the application once just after it reports ready, and
   * answers 503 for a moment while it does.
   */
  static void awaitSteadyAnswers() throws Exception {
    int steady = 0;
    for (int attempt = 0; attempt < 120 && steady < 3; attempt++) {
      int status;
      try {
        status = get("/api/probe").statusCode();
      } catch (IOException reloading) {
        status = 0;
      }
      steady = status == 200 ? steady + 1 : 0;
      Thread.sleep(500);
    }
    assertThat(steady).as("the restarted peer never answered steadily").isEqualTo(3);
  }

  static long usedBytesOfRows() throws Exception {
    try (var c =
            java.sql.DriverManager.getConnection(
                Databases.SERVER + NETWORK.database(0), "postgres", "");
        var s = c.createStatement();
        var rs = s.executeQuery("SELECT COALESCE(SUM(length), 0) FROM held_fragment")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static FragmentHeader store(FragmentHeader header, byte[] body) {
    return remote.store(URL, header, new ByteArrayInputStream(body)).toCompletableFuture().join();
  }

  static long free() {
    return remote.probe(URL).toCompletableFuture().join().freeBytes();
  }

  static final java.util.regex.Pattern SELF =
      java.util.regex.Pattern.compile("\\{[^{}]*\"self\":true[^{}]*\\}");
  static final java.util.regex.Pattern FREE =
      java.util.regex.Pattern.compile("\"freeBytes\":(\\d+)");

  /** The free bytes this peer publishes about itself, as GET /api/peers shows them. */
  static long publishedFree() throws Exception {
    HttpResponse<String> peers = get("/api/peers");
    assertThat(peers.statusCode()).as(peers.body()).isEqualTo(200);
    java.util.regex.Matcher self = SELF.matcher(peers.body());
    assertThat(self.find()).as("no entry with self:true in " + peers.body()).isTrue();
    java.util.regex.Matcher free = FREE.matcher(self.group());
    assertThat(free.find()).as("no freeBytes in " + self.group()).isTrue();
    return Long.parseLong(free.group(1));
  }

  static HttpResponse<String> postJson(String path, String json) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(URL + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static FragmentHeader header(String fileId, int version, int index, byte[] body, String meta)
      throws Exception {
    return new FragmentHeader(
        OWNER,
        fileId,
        version,
        index,
        3,
        5,
        3L * body.length,
        1 << 20,
        body.length,
        sha256(body),
        meta);
  }

  static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String sha256(byte[] body) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (DigestInputStream in = new DigestInputStream(new ByteArrayInputStream(body), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  static HttpResponse<String> post(FragmentHeader header, byte[] body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(URL + "/api/fragments"))
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    FragmentHeaders.toHttp(header).forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(String path) throws Exception {
    return get(path, null, HttpResponse.BodyHandlers.ofString());
  }

  static void assertProblem(HttpResponse<String> answer, int status, String detail) {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(answer.body())
        .contains("\"status\":" + status, "\"title\":", "\"detail\":", detail)
        .doesNotContain("\n");
  }

  static List<Path> fragmentFiles() throws IOException {
    return files(DATA.resolve("fragments"), p -> !p.getFileName().toString().endsWith(".tmp"));
  }

  static List<Path> temporaryFiles() throws IOException {
    return files(DATA.resolve("fragments"), p -> p.getFileName().toString().endsWith(".tmp"));
  }

  /**
   * The files under {@code root}. The peer makes the fragments directory when it starts, so a
   * missing one is a broken peer (or a wrong path here), not an empty list.
   */
  static List<Path> files(Path root, java.util.function.Predicate<Path> which) throws IOException {
    assertThat(root).as("the peer's fragments directory").isDirectory();
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).filter(which).sorted().toList();
    }
  }

  static Run network(String... args) throws Exception {
    return NETWORK.network(args);
  }
}
