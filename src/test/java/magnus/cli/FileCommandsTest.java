package magnus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import magnus.cli.boundary.Magnus;
import magnus.units.Units;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code magnus backup|restore|delete|ls|versions|peers}, run in-process against a fake peer that
 * records the requests and answers as the client API (docs/api.md) says a peer does.
 */
class FileCommandsTest {
  record Request(
      String method,
      String path,
      String rawQuery,
      Map<String, String> query,
      String type,
      String body) {
    @SuppressWarnings("unchecked")
    Map<String, Object> json() {
      return (Map<String, Object>) TestJson.parse(body);
    }
  }

  /** An answer: status, content type, and the body in chunks, each flushed on its own. */
  record Answer(int status, String type, List<String> chunks) {
    static Answer json(Object value) {
      return new Answer(200, "application/json", List.of(TestJson.write(value)));
    }

    static Answer events(String... lines) {
      List<String> chunks = new ArrayList<>();
      for (String line : lines) {
        chunks.add(line + "\n");
      }
      return new Answer(200, "application/x-ndjson", chunks);
    }

    static Answer problem(int status, String detail) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("type", "about:blank");
      p.put("title", "Problem");
      p.put("status", status);
      p.put("detail", detail);
      return new Answer(status, "application/problem+json", List.of(TestJson.write(p)));
    }
  }

  record Run(int exit, String out, String err) {
    List<String> outLines() {
      return out.lines().toList();
    }

    List<String> errLines() {
      return err.lines().toList();
    }
  }

  private HttpServer server;
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private volatile Function<Request, Answer> peer = q -> Answer.problem(500, "no answer set");
  private String url;

  @BeforeEach
  void startFakePeer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopFakePeer() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    String raw = ex.getRequestURI().getRawQuery();
    Map<String, String> query = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        query.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    Request request =
        new Request(
            ex.getRequestMethod(),
            ex.getRequestURI().getRawPath(),
            raw,
            query,
            ex.getRequestHeaders().getFirst("Content-Type"),
            new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    requests.add(request);
    Answer answer = peer.apply(request);
    ex.getResponseHeaders().set("Content-Type", answer.type());
    ex.sendResponseHeaders(answer.status(), 0); // chunked, as a stream is
    try (OutputStream out = ex.getResponseBody()) {
      for (String chunk : answer.chunks()) {
        out.write(chunk.getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    }
  }

  private Run magnus(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Magnus.newCommandLine(env::get);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    Run run = new Run(exit, out.toString(), err.toString());
    // Whatever happens, the operator never sees a stack trace or a class name.
    assertThat(run.err() + run.out()).doesNotContain("Exception", "\tat ", "java.");
    return run;
  }

  /** Runs against the fake peer, named with --peer before the subcommand. */
  private Run magnus(String... args) {
    List<String> all = new ArrayList<>(List.of("--peer", url));
    all.addAll(List.of(args));
    return magnus(Map.of(), all.toArray(String[]::new));
  }

  private Request only() {
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  private static String abs(String path) {
    return Path.of(path).toAbsolutePath().normalize().toString();
  }

  private static String event(Object... nameValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      m.put((String) nameValues[i], nameValues[i + 1]);
    }
    return TestJson.write(m);
  }

  private static final String NL = System.lineSeparator();

  // --- backup ---------------------------------------------------------------------------------

  @Test
  void backupSendsAbsolutePathsAndTheCodeAndPrintsOneLinePerFile() {
    peer =
        q ->
            Answer.events(
                event("event", "start", "files", 2, "bytes", 3000),
                event("event", "file", "path", abs("docs/a.txt"), "size", 1000),
                event("event", "progress", "bytes", 1000, "totalBytes", 3000),
                event(
                    "event",
                    "stored",
                    "path",
                    abs("docs/a.txt"),
                    "version",
                    1,
                    "size",
                    1000,
                    "sha256",
                    "ab"),
                event("event", "file", "path", "/srv/b.bin", "size", 2000),
                event(
                    "event",
                    "stored",
                    "path",
                    "/srv/b.bin",
                    "version",
                    4,
                    "size",
                    2000,
                    "sha256",
                    "cd"),
                event(
                    "event", "done", "stored", 2, "skipped", 0, "failed", 0, "bytes", 3000,
                    "seconds", 1.25));
    Run r = magnus("backup-files", "--k", "3", "--n", "5", "docs/a.txt", "/srv/./x/../b.bin");
    assertThat(r.exit()).as(r.err()).isZero();
    Request req = only();
    assertThat(req.method()).isEqualTo("POST");
    assertThat(req.path()).isEqualTo("/api/backups");
    assertThat(req.rawQuery()).isNull();
    assertThat(req.type()).startsWith("application/json");
    assertThat(req.json())
        .containsExactly(
            Map.entry("paths", List.of(abs("docs/a.txt"), "/srv/b.bin")),
            Map.entry("k", 3L),
            Map.entry("n", 5L));
    assertThat(r.outLines())
        .containsExactly(
            "stored  " + abs("docs/a.txt") + "  (version 1, 1.0 kB)",
            "stored  /srv/b.bin  (version 4, 2.0 kB)",
            "backup done: 2 stored, 0 skipped, 0 failed, 3.0 kB in 1.3 s");
    // Not a terminal: a short run prints no progress lines, and never a carriage return.
    assertThat(r.err()).isEqualTo("backing up 2 files, 3.0 kB" + NL);
  }

  @Test
  void backupLeavesTheCodeToThePeerWhenNotGiven() {
    peer =
        q ->
            Answer.events(
                event("event", "start", "files", 0, "bytes", 0),
                event(
                    "event", "done", "stored", 0, "skipped", 0, "failed", 0, "bytes", 0, "seconds",
                    0.0));
    Run r = magnus("backup-files", "/srv");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(only().json()).containsOnlyKeys("paths");
  }

  @Test
  void backupExitsOneWhenAFileFailedOrWasSkipped() {
    peer =
        q ->
            Answer.events(
                event("event", "start", "files", 3, "bytes", 10),
                event("event", "stored", "path", "/a", "version", 1, "size", 10, "sha256", "x"),
                event("event", "skipped", "path", "/dev/fifo", "reason", "not a regular file"),
                event("event", "failed", "path", "/nope", "reason", "no such file or directory"),
                event(
                    "event", "done", "stored", 1, "skipped", 1, "failed", 1, "bytes", 10, "seconds",
                    0.1));
    Run r = magnus("backup-files", "/a", "/dev/fifo", "/nope");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.outLines())
        .containsExactly(
            "stored  /a  (version 1, 10 B)",
            "skipped /dev/fifo  (not a regular file)",
            "failed  /nope  (no such file or directory)",
            "backup done: 1 stored, 1 skipped, 1 failed, 10 B in 0.1 s");
    assertThat(r.errLines())
        .last()
        .isEqualTo(
            "magnus backup-files: 2 files were not backed up (1 failed, 1 skipped); see the lines above");
  }

  @Test
  void aBackupThatFailedAsAWholeExitsOneWithItsReason() {
    peer =
        q ->
            Answer.events(
                event("event", "start", "files", 1, "bytes", 10),
                event("event", "failed", "reason", "need 5 peers for n=5, 4 live"));
    Run r = magnus("backup-files", "/a");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.errLines())
        .last()
        .isEqualTo("magnus backup-files: the backup failed: need 5 peers for n=5, 4 live");
  }

  @Test
  void badCodeParametersAreRejectedBeforeAnythingIsSent() {
    Run r = magnus("backup-files", "--k", "6", "--n", "5", "/a");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines())
        .containsExactly(
            "magnus backup-files: --k 6 --n 5: k is 6 and n is 5; k (fragments needed) must not exceed"
                + " n (fragments made): 1 <= k <= n <= 256");
    // One of them alone is checked against the widest value the peer's default could have.
    assertThat(magnus("backup-files", "--k", "0", "/a").errLines())
        .containsExactly(
            "magnus backup-files: --k 0 (with n at most 256): k is 0; k (fragments needed) must be at"
                + " least 1");
    assertThat(magnus("backup-files", "--k", "257", "/a").errLines())
        .containsExactly(
            "magnus backup-files: --k 257 (with n at most 256): k is 257 and n is 256; k (fragments"
                + " needed) must not exceed n (fragments made): 1 <= k <= n <= 256");
    assertThat(magnus("backup-files", "--n", "257", "/a").errLines())
        .containsExactly(
            "magnus backup-files: --n 257 (with k at least 1): n is 257; n (fragments made) must be at"
                + " most 256");
    assertThat(magnus("backup-files", "--n", "0", "/a").exit()).isEqualTo(2);
    Run missing = magnus("backup-files");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("PATH", "magnus backup-files --help");
    assertThat(requests).isEmpty();
  }

  @Test
  void aRefusedBackupPrintsTheProblemDetail() {
    peer = q -> Answer.problem(503, "need 5 peers for n=5, 4 live");
    Run r = magnus("backup-files", "/a");
    assertThat(r.exit()).isEqualTo(4);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines()).containsExactly("magnus backup-files: need 5 peers for n=5, 4 live");
  }

  @Test
  void aStreamThatEndsBeforeItsLastEventIsALostConnection() {
    peer = q -> Answer.events(event("event", "start", "files", 1, "bytes", 10));
    Run r = magnus("backup-files", "/a");
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.errLines().get(r.errLines().size() - 1))
        .startsWith("magnus backup-files: the peer at " + url + " closed the event stream")
        .contains("may still be running");
  }

  @Test
  void aStreamLineThatIsNotJsonIsAMalformedAnswer() {
    peer = q -> Answer.events(event("event", "start", "files", 1, "bytes", 10), "<html>oops");
    Run r = magnus("backup-files", "/a");
    assertThat(r.exit()).isEqualTo(5);
    assertThat(r.errLines())
        .last()
        .isEqualTo(
            "magnus backup-files: line 2 of the peer's event stream is not JSON: Unexpected char 60 at"
                + " (line no=1, column no=1, offset=0)");
  }

  @Test
  void anEventWithoutItsFieldsIsAMalformedAnswer() {
    peer = q -> Answer.events(event("event", "stored", "path", "/a", "size", 10));
    Run r = magnus("backup-files", "/a");
    assertThat(r.exit()).isEqualTo(5);
    assertThat(r.errLines())
        .last()
        .isEqualTo("magnus backup-files: line 1 of the peer's event stream has no 'version'");
    peer = q -> Answer.events("[1, 2]");
    assertThat(magnus("backup-files", "/a").err()).contains("is not a JSON object");
    peer = q -> Answer.events(event("event", "progress", "bytes", "many", "totalBytes", 1));
    assertThat(magnus("backup-files", "/a").errLines())
        .last()
        .isEqualTo(
            "magnus backup-files: line 1 of the peer's event stream does not follow the client API:"
                + " Unable to deserialize property 'bytes' because of: \"many\" is not an integer");
  }

  @Test
  void onATerminalTheProgressIsABarRedrawnInPlaceAndErasedAtTheEnd() {
    peer =
        q ->
            Answer.events(
                event("event", "start", "files", 1, "bytes", 2000),
                event("event", "progress", "bytes", 1000, "totalBytes", 2000),
                event("event", "stored", "path", "/a", "version", 1, "size", 2000, "sha256", "x"),
                event(
                    "event", "done", "stored", 1, "skipped", 0, "failed", 0, "bytes", 2000,
                    "seconds", 0.5));
    Run r = magnus(Map.of("MAGNUS_STDERR_TTY", "1"), "--peer", url, "backup-files", "/a");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err())
        .startsWith(
            "backing up 1 file, 2.0 kB" + NL + "\r[------------------------]   0% 0 B of 2.0 kB")
        .endsWith("\r\033[K");
    assertThat(r.out()).contains("stored  /a  (version 1, 2.0 kB)");
  }

  @Test
  void whenStdoutIsTheTerminalTooEachLineFollowsTheErasingOfTheBar() {
    peer =
        q ->
            Answer.events(
                event("event", "start", "files", 1, "bytes", 2000),
                event("event", "stored", "path", "/a", "version", 1, "size", 2000, "sha256", "x"),
                event(
                    "event", "done", "stored", 1, "skipped", 0, "failed", 0, "bytes", 2000,
                    "seconds", 0.5));
    // A terminal shows stdout and stderr in the order they were written: one writer for both.
    StringWriter terminal = new StringWriter();
    CommandLine cl = Magnus.newCommandLine(Map.of("MAGNUS_STDERR_TTY", "1")::get);
    cl.setOut(new PrintWriter(terminal, true));
    cl.setErr(new PrintWriter(terminal, true));
    int exit = cl.execute("--peer", url, "backup-files", "/a");
    assertThat(exit).as(terminal.toString()).isZero();
    assertThat(terminal.toString())
        .contains("0 B of 2.0 kB\033[K\r\033[Kstored  /a  (version 1, 2.0 kB)" + NL + "\r[")
        .endsWith("\r\033[Kbackup done: 1 stored, 0 skipped, 0 failed, 2.0 kB in 0.5 s" + NL);
  }

  // --- restore --------------------------------------------------------------------------------

  @Test
  void restoreSendsAbsolutePathsAndReportsCorruptFragmentsAsWarnings() {
    peer =
        q ->
            Answer.events(
                event(
                    "event",
                    "start",
                    "path",
                    "/srv/r.pdf",
                    "version",
                    2,
                    "size",
                    5000,
                    "to",
                    abs("out/r.pdf")),
                event("event", "progress", "bytes", 2000, "totalBytes", 5000),
                event(
                    "event",
                    "corrupt",
                    "peer",
                    "http://127.0.0.1:8083",
                    "index",
                    3,
                    "reason",
                    "hash mismatch"),
                event(
                    "event",
                    "unavailable",
                    "peer",
                    "http://127.0.0.1:8084",
                    "index",
                    4,
                    "cause",
                    "timeout",
                    "reason",
                    "no answer within 30 s"),
                event(
                    "event",
                    "done",
                    "path",
                    "/srv/r.pdf",
                    "to",
                    abs("out/r.pdf"),
                    "bytes",
                    5000,
                    "seconds",
                    2.0));
    Run r = magnus("restore", "/srv/r.pdf", "--version", "2", "--to", "out/r.pdf");
    assertThat(r.exit()).as(r.err()).isZero();
    Request req = only();
    assertThat(req.method()).isEqualTo("POST");
    assertThat(req.path()).isEqualTo("/api/restores");
    assertThat(req.json())
        .containsExactly(
            Map.entry("path", "/srv/r.pdf"),
            Map.entry("version", 2L),
            Map.entry("to", abs("out/r.pdf")));
    assertThat(r.outLines())
        .containsExactly(
            "restored /srv/r.pdf (version 2) to " + abs("out/r.pdf") + ": 5.0 kB in 2.0 s");
    assertThat(r.errLines())
        .containsExactly(
            "restoring /srv/r.pdf (version 2, 5.0 kB) to " + abs("out/r.pdf"),
            "warning: fragment 3 on http://127.0.0.1:8083 was set aside (hash mismatch); another"
                + " fragment is used instead",
            "warning: fragment 4 on http://127.0.0.1:8084 is unavailable (timeout: no answer within"
                + " 30 s); another fragment is used instead");
  }

  @Test
  void restoreSendsOnlyThePathByDefault() {
    peer =
        q ->
            Answer.events(
                event("event", "start", "path", abs("r"), "version", 7, "size", 1, "to", abs("r")),
                event("event", "done", "path", abs("r"), "to", abs("r"), "bytes", 1, "seconds", 0));
    Run r = magnus("restore", "r");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(only().json()).containsExactly(Map.entry("path", abs("r")));
    assertThat(r.out()).contains("(version 7)");
  }

  @Test
  void aFailedRestoreExitsOneWithThePeersReason() {
    peer =
        q ->
            Answer.events(
                event("event", "start", "path", "/a", "version", 1, "size", 9, "to", "/a"),
                event("event", "failed", "reason", "need 3 fragments, 2 reachable"));
    Run r = magnus("restore", "/a");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines())
        .last()
        .isEqualTo("magnus restore: cannot restore /a: need 3 fragments, 2 reachable");
  }

  @Test
  void restoreRejectsAVersionBelowOneBeforeSending() {
    Run r = magnus("restore", "/a", "--version", "0");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines())
        .containsExactly(
            "magnus restore: --version 0 is not a version; versions count from 1 (see 'magnus"
                + " versions PATH')");
    assertThat(magnus("restore", "/a", "--version", "two").exit()).isEqualTo(2);
    assertThat(requests).isEmpty();
  }

  @Test
  void restoreOfAnUnknownPathPrintsTheProblemDetail() {
    peer = q -> Answer.problem(404, "no backup of /a; see 'magnus ls'");
    Run r = magnus("restore", "/a");
    assertThat(r.exit()).isEqualTo(4);
    assertThat(r.errLines()).containsExactly("magnus restore: no backup of /a; see 'magnus ls'");
  }

  // --- delete ---------------------------------------------------------------------------------

  @Test
  void deleteSendsTheAbsolutePathAndPrintsWhatWasRemovedAndWhatIsPending() {
    peer =
        q ->
            q.path().equals("/api/snapshots")
                ? Answer.problem(404, "no snapshot holds " + abs("my file é.txt"))
                : Answer.json(
                    Map.of(
                        "path",
                        abs("my file é.txt"),
                        "versions",
                        2,
                        "fragments",
                        10,
                        "pendingRemovals",
                        3));
    Run r = magnus("delete", "my file é.txt");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(requests).hasSize(2);
    for (Request req : requests) {
      assertThat(req.method()).isEqualTo("DELETE");
      assertThat(req.query()).containsExactly(Map.entry("path", abs("my file é.txt")));
      assertThat(req.rawQuery()).contains("%20").doesNotContain("+", " ");
    }
    assertThat(requests.stream().map(Request::path))
        .containsExactly("/api/snapshots", "/api/files");
    assertThat(r.outLines())
        .containsExactly(
            "deleted " + abs("my file é.txt") + ": 2 versions, 10 fragments",
            "3 fragment removals pending: their holders are offline and are told when they are"
                + " back");
  }

  @Test
  void deleteWithNothingPendingPrintsOneLine() {
    peer =
        q ->
            q.path().equals("/api/snapshots")
                ? Answer.problem(404, "no snapshot holds /a")
                : Answer.json(
                    Map.of("path", "/a", "versions", 1, "fragments", 5, "pendingRemovals", 0));
    assertThat(magnus("delete", "/a").outLines())
        .containsExactly("deleted /a: 1 version, 5 fragments");
  }

  @Test
  void deleteFromSnapshotsNamesEachSnapshotReplacedOrForgotten() {
    String old = "0123456789abcdef0123456789abcdef";
    String by = "fedcba9876543210fedcba9876543210";
    String gone = "00112233445566778899aabbccddeeff";
    peer =
        q ->
            q.path().equals("/api/files")
                ? Answer.problem(404, "no backup of /srv/a")
                : Answer.json(
                    Map.of(
                        "path",
                        "/srv/a",
                        "replaced",
                        List.of(
                            Map.of("snapshot", old, "by", by, "paths", List.of("/srv", "/etc"))),
                        "forgotten",
                        List.of(Map.of("snapshot", gone, "paths", List.of("/srv/a"))),
                        "removalsPending",
                        1));
    Run r = magnus("delete", "/srv/a");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.outLines())
        .containsExactly(
            "deleted /srv/a from 2 snapshots",
            "  snapshot " + old + " is now " + by + ", holding /srv /etc",
            "  snapshot " + gone + " forgotten: it held only /srv/a",
            "run 'magnus prune' to remove what only /srv/a referenced",
            "1 fragment removal pending: their holders are offline and are told when they are"
                + " back");
  }

  @Test
  void deleteOfAPathNothingHoldsFailsAndSaysWhereToLook() {
    peer = q -> Answer.problem(404, "nothing");
    Run r = magnus("delete", "/nowhere");
    assertThat(r.exit()).isEqualTo(4);
    assertThat(r.outLines()).isEmpty();
    assertThat(r.errLines())
        .containsExactly(
            "magnus delete: no backup of /nowhere: no snapshot holds it and it was not backed up"
                + " file by file; 'magnus snapshots' and 'magnus ls' list what is backed up");
  }

  @Test
  void deleteStopsAtARefusalOfTheSnapshotsAndTouchesNoFileBackup() {
    peer = q -> Answer.problem(409, "a prune is running on this peer; try again");
    Run r = magnus("delete", "/a");
    assertThat(r.exit()).isEqualTo(4);
    assertThat(only().path()).isEqualTo("/api/snapshots");
    assertThat(r.errLines())
        .containsExactly("magnus delete: a prune is running on this peer; try again");
  }

  // --- ls and versions ------------------------------------------------------------------------

  private static Map<String, Object> file(String path, long version, long size, int live) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", path);
    m.put("version", version);
    m.put("versions", version);
    m.put("size", size);
    m.put("sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    m.put("storedAt", "2026-11-26T02:00:00Z");
    m.put("mtime", "2026-11-25T17:00:00Z");
    m.put("k", 3);
    m.put("n", 5);
    m.put("fragmentsLive", live);
    return m;
  }

  private static final String STORED =
      Units.minute(Instant.parse("2026-11-26T02:00:00Z"), ZoneId.systemDefault());

  @Test
  void lsPrintsATableWithHealthAndExplainsTheMarkers() {
    peer =
        q ->
            Answer.json(
                List.of(
                    file("/srv/data/report.pdf", 2, 1_048_576, 5),
                    file("/srv/data/b", 1, 10, 4),
                    file("/srv/data/c", 1, 10, 3),
                    file("/srv/data/d", 3, 0, 2)));
    Run r = magnus("ls", "/srv/data/");
    assertThat(r.exit()).as(r.err()).isZero();
    Request req = only();
    assertThat(req.method()).isEqualTo("GET");
    assertThat(req.path()).isEqualTo("/api/files");
    assertThat(req.query()).containsExactly(Map.entry("path", "/srv/data/"));
    assertThat(r.outLines())
        .containsExactly(
            "PATH                  VERSION    SIZE  STORED            HEALTH",
            "/srv/data/report.pdf        2  1.0 MB  " + STORED + "  5/5",
            "/srv/data/b                 1    10 B  " + STORED + "  4/5 degraded",
            "/srv/data/c                 1    10 B  " + STORED + "  3/5 AT RISK",
            "/srv/data/d                 3     0 B  " + STORED + "  2/5 UNAVAILABLE",
            "4 files, 1.0 MB",
            "AT RISK: exactly k fragments live; one more loss and it cannot be restored",
            "UNAVAILABLE: fewer than k fragments live; it cannot be restored until their peers"
                + " are back");
  }

  @Test
  void lsWithoutAPathListsEverythingAndSaysWhenThereIsNothing() {
    peer = q -> Answer.json(List.of());
    Run r = magnus("ls");
    assertThat(r.exit()).isZero();
    assertThat(only().rawQuery()).isNull();
    assertThat(r.outLines()).containsExactly("no files backed up");
    assertThat(magnus("ls", "sub/").outLines())
        .containsExactly("no files backed up under " + abs("sub") + "/");
  }

  @Test
  void versionsPrintsEveryVersionWithAShaPrefix() {
    peer = q -> Answer.json(List.of(file("/a", 1, 100, 5), file("/a", 2, 2_000_000, 3)));
    Run r = magnus("versions", "/a");
    assertThat(r.exit()).as(r.err()).isZero();
    Request req = only();
    assertThat(req.path()).isEqualTo("/api/files/versions");
    assertThat(req.query()).containsExactly(Map.entry("path", "/a"));
    assertThat(r.outLines())
        .containsExactly(
            "/a",
            "VERSION    SIZE  STORED            SHA256        HEALTH",
            "      1   100 B  " + STORED + "  9f86d081884c  5/5",
            "      2  2.0 MB  " + STORED + "  9f86d081884c  3/5 AT RISK");
  }

  @Test
  void versionsOfAnUnknownPathPrintsTheProblemDetail() {
    peer = q -> Answer.problem(404, "no such path: /a");
    Run r = magnus("versions", "/a");
    assertThat(r.exit()).isEqualTo(4);
    assertThat(r.errLines()).containsExactly("magnus versions: no such path: /a");
  }

  // --- peers ----------------------------------------------------------------------------------

  private static Map<String, Object> peerEntry(
      String id, int port, String domain, long free, boolean live, boolean self) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("url", "http://127.0.0.1:" + port);
    m.put("failureDomain", domain);
    m.put("capacityBytes", 10_737_418_240L);
    m.put("freeBytes", free);
    m.put("live", live);
    m.put("self", self);
    m.put("seenAt", "2026-11-26T02:00:00Z");
    return m;
  }

  @Test
  void peersPrintsATableWithTheStateAndThisPeer() {
    peer =
        q ->
            Answer.json(
                List.of(
                    peerEntry(
                        "aaaabbbbccccddddeeeeffff00001111",
                        8080,
                        "local-0",
                        10_737_000_000L,
                        true,
                        true),
                    peerEntry(
                        "1111222233334444555566667777888a",
                        8081,
                        "local-1",
                        5_000_000_000L,
                        true,
                        false),
                    peerEntry(
                        "9999888877776666555544443333222b", 8082, "local-2", 0, false, false)));
    Run r = magnus("peers");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(only().path()).isEqualTo("/api/peers");
    assertThat(r.outLines())
        .containsExactly(
            "ID        URL                    DOMAIN      FREE  CAPACITY  STATE",
            "aaaabbbb  http://127.0.0.1:8080  local-0  10.7 GB   10.7 GB  live (this peer)",
            "11112222  http://127.0.0.1:8081  local-1   5.0 GB   10.7 GB  live",
            "99998888  http://127.0.0.1:8082  local-2      0 B   10.7 GB  stale",
            "3 peers, 2 live");
  }

  // --- the peer's address, and what goes wrong on the way -------------------------------------

  @Test
  void thePeerComesFromTheOptionEitherSideOfTheSubcommandThenTheEnvironment() throws IOException {
    peer = q -> Answer.json(List.of());
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    String dead = "http://127.0.0.1:" + deadPort;
    assertThat(magnus(Map.of("MAGNUS_PEER", url), "peers").exit()).isZero();
    assertThat(magnus(Map.of("MAGNUS_PEER", dead), "--peer", url + "/", "peers").exit()).isZero();
    assertThat(magnus(Map.of(), "--peer", dead, "peers", "--peer", url).exit()).isZero();
    assertThat(requests).hasSize(3);
  }

  @Test
  void aRefusedConnectionSaysThePeerIsNotRunning() throws IOException {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    for (String command : List.of("peers", "ls", "backup", "restore", "delete", "versions")) {
      List<String> args =
          new ArrayList<>(List.of("--peer", "http://127.0.0.1:" + deadPort, command));
      if (!command.equals("peers") && !command.equals("ls")) {
        args.add("/a");
      }
      Run r = magnus(Map.of(), args.toArray(String[]::new));
      assertThat(r.exit()).as(command).isEqualTo(3);
      assertThat(r.errLines())
          .containsExactly(
              "magnus "
                  + command
                  + ": cannot reach the peer at http://127.0.0.1:"
                  + deadPort
                  + ": connection refused; is it running? (bin/magnus-network status)");
    }
  }

  @Test
  void aPeerUrlThatIsNotOneIsBadInput() {
    Run r = magnus(Map.of("MAGNUS_PEER", "localhost:8080"), "peers");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines())
        .containsExactly(
            "magnus peers: --peer 'localhost:8080' is not a peer URL; give it as"
                + " http://HOST:PORT, such as http://127.0.0.1:8080");
  }

  @Test
  void anErrorWithoutAProblemDocumentFallsBackToTheStatusLine() {
    peer = q -> new Answer(502, "text/html", List.of("<html>bad gateway</html>"));
    Run r = magnus("peers");
    assertThat(r.exit()).isEqualTo(4);
    assertThat(r.errLines())
        .containsExactly("magnus peers: the peer answered HTTP 502 Bad Gateway without details");
    peer = q -> new Answer(409, "application/problem+json", List.of("{\"title\":\"Conflict\"}"));
    assertThat(magnus("delete", "/a").errLines()).containsExactly("magnus delete: Conflict");
  }

  @Test
  void anAnswerThatIsNotWhatTheApiPromisesIsMalformed() {
    peer = q -> new Answer(200, "application/json", List.of("{\"oops\": "));
    Run r = magnus("ls");
    assertThat(r.exit()).isEqualTo(5);
    assertThat(r.errLines())
        .containsExactly(
            "magnus ls: the peer's answer to GET /api/files is not JSON: Invalid token=EOF at"
                + " (line no=1, column no=18, offset=17). Expected tokens are: [CURLYOPEN,"
                + " SQUAREOPEN, STRING, NUMBER, TRUE, FALSE, NULL]");
    peer = q -> Answer.json(Map.of("files", List.of()));
    assertThat(magnus("ls").errLines())
        .containsExactly("magnus ls: the peer's list of files is not a JSON array");
    Map<String, Object> bad = file("/a", 1, 1, 5);
    bad.put("storedAt", "yesterday");
    peer = q -> Answer.json(List.of(bad));
    assertThat(magnus("ls").errLines())
        .containsExactly(
            "magnus ls: the peer's list of files, item 1, does not follow the client API: Unable to"
                + " deserialize property 'storedAt' because of: \"yesterday\" is not a date-time"
                + " such as 2026-11-26T02:00:00Z");
    peer = q -> Answer.json(List.of(Map.of("id", "x")));
    assertThat(magnus("peers").exit()).isEqualTo(5);
  }
}
