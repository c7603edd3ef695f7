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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import magnus.cli.boundary.Magnus;
import magnus.units.Units;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code magnus recovery status [--watch]} and {@code magnus recover --to DIR}, run in-process
 * against a fake peer that answers {@code /api/recovery} as docs/api.md says, from a script of
 * answers: one per request, the last one repeated.
 */
class RecoveryCommandsTest {
  record Request(String method, String path, String type, String body) {
    @SuppressWarnings("unchecked")
    Map<String, Object> json() {
      return (Map<String, Object>) TestJson.parse(body);
    }
  }

  /** An answer; status 0 stands for a connection closed halfway through the answer. */
  record Answer(int status, String type, String body) {
    static Answer json(int status, Object value) {
      return new Answer(status, "application/json", TestJson.write(value));
    }

    static Answer problem(int status, String detail) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("type", "about:blank");
      p.put("title", "Problem");
      p.put("status", status);
      p.put("detail", detail);
      return new Answer(status, "application/problem+json", TestJson.write(p));
    }

    static final Answer CUT = new Answer(0, "application/json", "{\"run\": 1, ");
  }

  record Run(int exit, String out, String err) {
    List<String> outLines() {
      return out.lines().toList();
    }
  }

  private HttpServer server;
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
  private volatile Answer last = Answer.problem(500, "no answer set");
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

  private void answers(Answer... answers) {
    script.addAll(List.of(answers));
  }

  private void handle(HttpExchange ex) throws IOException {
    requests.add(
        new Request(
            ex.getRequestMethod(),
            ex.getRequestURI().getRawPath(),
            ex.getRequestHeaders().getFirst("Content-Type"),
            new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
    Answer next = script.poll();
    if (next != null) {
      last = next;
    }
    Answer answer = next != null ? next : last;
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", answer.type());
    if (answer.status() == 0) {
      ex.sendResponseHeaders(200, body.length + 100L); // promises more than it sends
      ex.getResponseBody().write(body);
      ex.getResponseBody().flush();
      ex.close();
      return;
    }
    ex.sendResponseHeaders(answer.status(), body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
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
    assertThat(run.err() + run.out()).doesNotContain("Exception", "\tat ", "java.");
    return run;
  }

  private Run magnus(String... args) {
    List<String> all = new ArrayList<>(List.of("--peer", url));
    all.addAll(List.of(args));
    return magnus(Map.of(), all.toArray(String[]::new));
  }

  private static final String STARTED = "2026-11-26T02:00:00Z";
  private static final String STARTED_LOCAL =
      Units.minute(Instant.parse(STARTED), ZoneId.systemDefault());

  /** A status as the peer sends it; files are {total, done, pending, waiting, conflict, failed}. */
  private static Map<String, Object> status(
      long run,
      String kind,
      String phase,
      String destination,
      long[] files,
      long bytesTotal,
      long bytesDone,
      double rate,
      long secondsLeft,
      List<Map<String, Object>> problems) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("run", run);
    s.put("kind", kind);
    s.put("phase", phase);
    s.put("startedAt", STARTED);
    String[] names = {"total", "done", "pending", "waiting", "conflict", "failed"};
    Map<String, Object> f = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      f.put(names[i], files[i]);
    }
    s.put("files", f);
    s.put(
        "bytes",
        Map.of(
            "total",
            bytesTotal,
            "done",
            bytesDone,
            "pending",
            bytesTotal - bytesDone,
            "waiting",
            0,
            "conflict",
            0,
            "failed",
            0));
    s.put("bytesPerSecond", rate);
    s.put("secondsLeft", secondsLeft);
    s.put("problems", problems);
    if (destination != null) {
      s.put("destination", destination);
    }
    return s;
  }

  private static Map<String, Object> problem(String path, String state, String detail) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("path", path);
    p.put("state", state);
    p.put("detail", detail);
    return p;
  }

  private static Answer ok(Map<String, Object> status) {
    return Answer.json(200, status);
  }

  private static Answer restoring(long run, long filesDone, long bytesDone) {
    return ok(
        status(
            run,
            "drill",
            "restoring",
            "/tmp/drill",
            new long[] {4, filesDone, 4 - filesDone, 0, 0, 0},
            4_000_000,
            bytesDone,
            2_000_000.0,
            (4_000_000 - bytesDone) / 2_000_000,
            List.of()));
  }

  private static Answer done(long run, long[] files, List<Map<String, Object>> problems) {
    return ok(
        status(
            run,
            "drill",
            "done",
            "/tmp/drill",
            files,
            4_000_000,
            4_000_000,
            2_000_000.0,
            0,
            problems));
  }

  private static final String NO_RUN =
      "no recovery has run on this peer; one starts by itself after the loss of the disk, or with"
          + " bin/magnus recover --to DIR";

  // --- recovery status --------------------------------------------------------------------------

  @Test
  void statusPrintsTheRunFilesBytesRateAndTheProblemsReturned() {
    answers(
        ok(
            status(
                1,
                "host",
                "restoring",
                null,
                new long[] {1000, 400, 587, 10, 1, 2},
                300_000_000,
                100_000_000,
                52_000_000.0,
                4,
                List.of(
                    problem("/srv/a", "waiting", "need 3 fragments, 2 reachable"),
                    problem("/srv/bb", "conflict", "/srv/bb exists and differs from the backup"),
                    problem("/srv/c", "failed", "")))));
    Run r = magnus("recovery", "status");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.outLines())
        .containsExactly(
            "run:         1 (host)",
            "phase:       restoring",
            "started:     " + STARTED_LOCAL,
            "files:       400 of 1000 done; 587 pending, 10 waiting, 1 conflict, 2 failed",
            "bytes:       100.0 MB of 300.0 MB done",
            "rate:        52.0 MB/s, 4s left",
            "",
            "PATH     STATE     DETAIL",
            "/srv/a   waiting   need 3 fragments, 2 reachable",
            "/srv/bb  conflict  /srv/bb exists and differs from the backup",
            "/srv/c   failed",
            "(3 of 13 problems shown)");
    assertThat(r.err()).isEmpty();
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).method()).isEqualTo("GET");
    assertThat(requests.get(0).path()).isEqualTo("/api/recovery");
  }

  @Test
  void statusOfAFinishedDrillShowsItsDestinationAndNoTimeLeft() {
    answers(done(7, new long[] {4, 4, 0, 0, 0, 0}, List.of()));
    Run r = magnus("recovery", "status");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.outLines())
        .containsExactly(
            "run:         7 (drill)",
            "phase:       done",
            "destination: /tmp/drill",
            "started:     " + STARTED_LOCAL,
            "files:       4 of 4 done; 0 pending, 0 waiting, 0 conflict, 0 failed",
            "bytes:       4.0 MB of 4.0 MB done",
            "rate:        2.0 MB/s");
  }

  @Test
  void statusLeavesOutTheRateWhileThePeerDoesNotKnowIt() {
    answers(
        ok(
            status(
                2,
                "host",
                "rebuilding",
                null,
                new long[] {0, 0, 0, 0, 0, 0},
                0,
                0,
                0.0,
                -1,
                List.of())));
    Run r = magnus("recovery", "status");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("phase:       rebuilding").doesNotContain("rate:");
  }

  @Test
  void statusWithoutAnyRunPrintsThePeersReasonAndExitsSix() {
    answers(Answer.problem(404, NO_RUN));
    Run r = magnus("recovery", "status");
    assertThat(r.exit()).isEqualTo(6);
    assertThat(r.outLines()).containsExactly(NO_RUN);
    assertThat(r.err()).isEmpty();

    Run watched = magnus("recovery", "status", "--watch", "--interval", "0.001");
    assertThat(watched.exit()).isEqualTo(6);
    assertThat(watched.outLines()).containsExactly(NO_RUN);
  }

  @Test
  void statusTakesThePeerAfterTheGroupOrTheSubcommand() {
    answers(done(7, new long[] {4, 4, 0, 0, 0, 0}, List.of()));
    assertThat(magnus(Map.of(), "recovery", "--peer", url, "status").exit()).isZero();
    assertThat(magnus(Map.of(), "recovery", "status", "--peer", url).exit()).isZero();
    assertThat(requests).hasSize(2);
  }

  @Test
  void watchPollsUntilDoneWithAProgressBarThenPrintsTheSummary() {
    answers(
        ok(
            status(
                3,
                "drill",
                "rebuilding",
                "/tmp/drill",
                new long[] {0, 0, 0, 0, 0, 0},
                0,
                0,
                0.0,
                -1,
                List.of())),
        restoring(3, 1, 1_000_000),
        restoring(3, 2, 2_000_000),
        restoring(3, 3, 3_000_000),
        done(3, new long[] {4, 4, 0, 0, 0, 0}, List.of()));
    Run r =
        magnus(
            Map.of("MAGNUS_STDERR_TTY", "1"),
            "--peer",
            url,
            "recovery",
            "status",
            "--watch",
            "--interval",
            "0.001");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(requests).hasSize(5);
    assertThat(r.out()).contains("phase:       done", "files:       4 of 4 done; 0 pending");
    // The terminal shows the bar at once; it is erased before the summary.
    assertThat(r.err())
        .startsWith("\r[------------------------] rebuilding: 0 B of 0 B, 0 of 0 files")
        .endsWith("\r\033[K");
  }

  @Test
  void watchDescribesTheProgressOnTheBar() {
    answers(restoring(3, 1, 1_000_000), done(3, new long[] {4, 4, 0, 0, 0, 0}, List.of()));
    Run r =
        magnus(
            Map.of("MAGNUS_STDERR_TTY", "1"),
            "--peer",
            url,
            "recovery",
            "status",
            "--watch",
            "--interval",
            "0.001");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err())
        .contains(
            "[######------------------]  25% 1.0 MB of 4.0 MB, 1 of 4 files, 2.0 MB/s, 1s left");
  }

  @Test
  void watchOutsideATerminalPrintsNoBarForAShortRun() {
    answers(restoring(3, 1, 1_000_000), done(3, new long[] {4, 4, 0, 0, 0, 0}, List.of()));
    Run r = magnus("recovery", "status", "--watch", "--interval", "0.001");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
  }

  @Test
  void watchExitsOneWhenFilesAreInConflictOrFailed() {
    answers(
        restoring(3, 1, 1_000_000),
        done(
            3,
            new long[] {4, 2, 0, 0, 1, 1},
            List.of(
                problem("/srv/a", "conflict", "exists and differs"),
                problem("/srv/b", "failed", "disk full"))));
    Run r = magnus("recovery", "status", "--watch", "--interval", "0.001");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.outLines())
        .contains(
            "files:       2 of 4 done; 0 pending, 0 waiting, 1 conflict, 1 failed",
            "/srv/a  conflict  exists and differs",
            "/srv/b  failed    disk full");
  }

  @Test
  void watchReportsALostConnectionAndThatTheRunGoesOn() {
    answers(restoring(3, 1, 1_000_000), Answer.CUT);
    Run r = magnus("recovery", "status", "--watch", "--interval", "0.001");
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.err())
        .startsWith("magnus recovery status: lost the connection to the peer at " + url)
        .endsWith("; the recovery goes on at the peer" + System.lineSeparator());
  }

  @Test
  void aBadIntervalIsRefusedBeforeAnythingIsSent() {
    Run r = magnus("recovery", "status", "--watch", "--interval", "0");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("magnus recovery status: --interval 0.0 is not");
    assertThat(requests).isEmpty();
  }

  @Test
  void aMalformedStatusExitsFive() {
    Map<String, Object> bad =
        status(
            1, "host", "restoring", null, new long[] {1, 0, 1, 0, 0, 0}, 10, 0, 0.0, -1, List.of());
    @SuppressWarnings("unchecked")
    Map<String, Object> files = (Map<String, Object>) bad.get("files");
    files.remove("waiting");
    answers(ok(bad));
    Run r = magnus("recovery", "status");
    assertThat(r.exit()).isEqualTo(5);
    assertThat(r.err())
        .isEqualTo(
            "magnus recovery status: the peer's recovery status's 'files' has no 'waiting'"
                + System.lineSeparator());
    assertThat(r.out()).isEmpty();

    script.clear();
    answers(new Answer(200, "application/json", "<html>"));
    Run html = magnus("recovery", "status");
    assertThat(html.exit()).isEqualTo(5);
    assertThat(html.err())
        .startsWith("magnus recovery status: the peer's answer to GET /api/recovery is not JSON");
  }

  @Test
  void aPeerThatIsDownExitsThree() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String down = "http://127.0.0.1:" + port;
    Run status = magnus(Map.of(), "--peer", down, "recovery", "status");
    assertThat(status.exit()).isEqualTo(3);
    assertThat(status.err())
        .startsWith(
            "magnus recovery status: cannot reach the peer at " + down + ": connection refused");
    Run recover = magnus(Map.of(), "--peer", down, "recover", "--to", "/tmp/drill");
    assertThat(recover.exit()).isEqualTo(3);
    assertThat(recover.err())
        .startsWith("magnus recover: cannot reach the peer at " + down + ": connection refused");
  }

  // --- recover ---------------------------------------------------------------------------------

  private static Answer accepted(long run, String destination) {
    return Answer.json(202, Map.of("run", run, "kind", "drill", "destination", destination));
  }

  @Test
  void recoverPostsTheAbsoluteDirectoryAndFollowsTheRunToTheEnd() {
    String dir = Path.of("drills/./one").toAbsolutePath().normalize().toString();
    answers(
        accepted(5, dir),
        restoring(5, 1, 1_000_000),
        restoring(5, 3, 3_000_000),
        done(5, new long[] {4, 4, 0, 0, 0, 0}, List.of()));
    Run r = magnus("recover", "--to", "drills/./one", "--interval", "0.001");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(requests).hasSize(4);
    Request post = requests.get(0);
    assertThat(post.method()).isEqualTo("POST");
    assertThat(post.path()).isEqualTo("/api/recovery");
    assertThat(post.type()).startsWith("application/json");
    assertThat(post.json()).containsExactly(Map.entry("to", dir));
    assertThat(requests.subList(1, 4)).allMatch(q -> q.method().equals("GET"));
    assertThat(r.err())
        .isEqualTo(
            "recovery run 5 (drill) started: every file's newest version into "
                + dir
                + System.lineSeparator());
    assertThat(r.out()).startsWith("run:         5 (drill)" + System.lineSeparator());
    assertThat(r.out()).contains("files:       4 of 4 done");
  }

  @Test
  void recoverExitsOneUnlessEveryFileIsDone() {
    answers(
        accepted(5, "/tmp/drill"),
        done(
            5,
            new long[] {4, 3, 0, 0, 1, 0},
            List.of(problem("/srv/a", "conflict", "exists and differs"))));
    Run r = magnus("recover", "--to", "/tmp/drill", "--interval", "0.001");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("/srv/a  conflict  exists and differs");
  }

  @Test
  void recoverPrintsThePeersReasonWhenAnotherRunIsNotDone() {
    answers(Answer.problem(409, "recovery run 1 is not done yet; see bin/magnus recovery status"));
    Run r = magnus("recover", "--to", "/tmp/drill");
    assertThat(r.exit()).isEqualTo(4);
    assertThat(r.err())
        .isEqualTo(
            "magnus recover: recovery run 1 is not done yet; see bin/magnus recovery status"
                + System.lineSeparator());
    assertThat(r.out()).isEmpty();
    assertThat(requests).hasSize(1);
  }

  @Test
  void recoverWithoutWaitingEndsAfterTheStart() {
    answers(accepted(5, "/tmp/drill"));
    Run r = magnus("recover", "--to", "/tmp/drill", "--no-wait");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(requests).hasSize(1);
    assertThat(r.outLines())
        .containsExactly(
            "recovery run 5 (drill) started: every file's newest version into /tmp/drill; follow"
                + " it with 'magnus recovery status --watch'");
  }

  @Test
  void recoverStopsWhenThePeerReportsAnotherRun() {
    answers(accepted(5, "/tmp/drill"), restoring(6, 1, 1_000_000));
    Run r = magnus("recover", "--to", "/tmp/drill", "--interval", "0.001");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("magnus recover: the peer now reports recovery run 6, not run 5");
  }

  @Test
  void recoverWithAMalformedAnswerExitsFive() {
    answers(Answer.json(202, Map.of("kind", "drill")));
    Run r = magnus("recover", "--to", "/tmp/drill");
    assertThat(r.exit()).isEqualTo(5);
    assertThat(r.err())
        .isEqualTo(
            "magnus recover: the peer's answer to recover has no 'run'" + System.lineSeparator());
  }

  @Test
  void recoverNeedsADirectory() {
    Run r = magnus("recover");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("magnus recover: Missing required option: '--to=DIR'");
    assertThat(requests).isEmpty();
  }
}
