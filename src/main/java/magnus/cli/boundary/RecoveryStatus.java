package magnus.cli.boundary;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import magnus.cli.control.PeerException;
import magnus.cli.control.PeerJson;
import magnus.cli.control.ProgressBar;
import magnus.cli.control.Table;
import magnus.cli.entity.Answers;
import magnus.units.Units;

/**
 * One answer of {@code GET /api/recovery}, read completely (a missing or mistyped member is a
 * malformed answer at once, not halfway through printing), and how {@code recovery status} and
 * {@code recover} show it.
 *
 * <p>The summary ({@link #print}) is one {@code name: value} line each for the run, its phase, its
 * destination (drills only), when it started (local time), the files, the bytes, and the rate and
 * time left (when the peer knows them), followed by a table of the problems that the peer returned
 * (PATH, STATE, DETAIL) and, when the peer left some out, how many it showed.
 */
record RecoveryStatus(
    long run,
    String kind,
    String phase,
    String destination,
    Instant startedAt,
    Map<String, Long> files,
    Map<String, Long> bytes,
    double bytesPerSecond,
    long secondsLeft,
    List<Problem> problems) {

  /** The file states of docs/api.md, in the order they are printed after {@code done}. */
  static final List<String> OPEN_STATES = List.of("pending", "waiting", "conflict", "failed");

  static final String PATH = "/api/recovery";

  record Problem(String path, String state, String detail) {}

  /** The status of an answer that {@link PeerJson} has read completely. */
  static RecoveryStatus of(Answers.Recovery s) {
    Answers.FileCounts f = s.files();
    Map<String, Long> files = new LinkedHashMap<>();
    files.put("total", f.total());
    files.put("done", f.done());
    files.put("pending", f.pending());
    files.put("waiting", f.waiting());
    files.put("conflict", f.conflict());
    files.put("failed", f.failed());
    Map<String, Long> bytes = new LinkedHashMap<>();
    bytes.put("total", s.bytes().total());
    bytes.put("done", s.bytes().done());
    List<Problem> problems =
        s.problems().stream()
            .map(p -> new Problem(p.path(), p.state(), p.detail().orElse("")))
            .toList();
    return new RecoveryStatus(
        s.run(),
        s.kind(),
        s.phase(),
        s.destination().orElse(null),
        s.startedAt(),
        files,
        bytes,
        s.bytesPerSecond(),
        s.secondsLeft(),
        problems);
  }

  /** {@code GET /api/recovery}. A 404 (no run ever) is left to the caller. */
  static RecoveryStatus fetch(PeerClient peer) throws InterruptedException {
    return of(
        PeerJson.read(
            peer.get(PATH, Map.of()), Answers.Recovery.class, "the peer's recovery status"));
  }

  boolean finished() {
    return "done".equals(phase);
  }

  /** Every file of the run restored (or already there and identical). */
  boolean allDone() {
    return finished() && files.get("done").longValue() == files.get("total").longValue();
  }

  long problemCount() {
    return files.get("waiting") + files.get("conflict") + files.get("failed");
  }

  void print(PrintWriter out, ZoneId zone) {
    out.println("run:         " + run + " (" + kind + ")");
    out.println("phase:       " + phase);
    if (destination != null) {
      out.println("destination: " + destination);
    }
    out.println("started:     " + Units.minute(startedAt, zone));
    StringBuilder f =
        new StringBuilder()
            .append(files.get("done"))
            .append(" of ")
            .append(files.get("total"))
            .append(" done");
    String sep = "; ";
    for (String state : OPEN_STATES) {
      f.append(sep).append(files.get(state)).append(' ').append(state);
      sep = ", ";
    }
    out.println("files:       " + f);
    out.println(
        "bytes:       "
            + Units.bytes(bytes.get("done"))
            + " of "
            + Units.bytes(bytes.get("total"))
            + " done");
    String rate = rate();
    if (!rate.isEmpty()) {
      out.println("rate:        " + rate);
    }
    if (!problems.isEmpty()) {
      out.println();
      Table table = new Table("PATH", "STATE", "DETAIL");
      problems.forEach(p -> table.row(p.path(), p.state(), p.detail()));
      table.print(out);
      if (problems.size() < problemCount()) {
        out.println("(" + problems.size() + " of " + problemCount() + " problems shown)");
      }
    }
    out.flush();
  }

  /** {@code 52.0 MB/s, 4s left}, each part when the peer knows it; empty when it knows neither. */
  String rate() {
    StringBuilder s = new StringBuilder();
    if (bytesPerSecond > 0) {
      s.append(Units.bytes((long) bytesPerSecond)).append("/s");
    }
    if (secondsLeft >= 0 && !finished() && bytes.get("done") < bytes.get("total")) {
      s.append(s.length() > 0 ? ", " : "").append(Units.duration(secondsLeft)).append(" left");
    }
    return s.toString();
  }

  /**
   * The progress bar's text: {@code 33% 100.0 MB of 300.0 MB, 400 of 1000 files, 10 waiting, 52.0
   * MB/s, 4s left}, with the phase in front while it is not {@code restoring}.
   */
  String progress() {
    StringBuilder s = new StringBuilder();
    if (!"restoring".equals(phase)) {
      s.append(phase).append(": ");
    }
    long total = bytes.get("total");
    long done = bytes.get("done");
    if (total > 0) {
      s.append(String.format(Locale.ROOT, "%3d%% ", Math.min(100, 100 * done / total)));
    }
    s.append(Units.bytes(done)).append(" of ").append(Units.bytes(total));
    s.append(", ").append(files.get("done")).append(" of ").append(files.get("total"));
    s.append(" files");
    for (String state : List.of("waiting", "conflict", "failed")) {
      if (files.get(state) > 0) {
        s.append(", ").append(files.get(state)).append(' ').append(state);
      }
    }
    String rate = rate();
    if (!rate.isEmpty()) {
      s.append(", ").append(rate);
    }
    return s.toString();
  }

  /**
   * Polls the peer every {@code intervalSeconds} until the run's phase is {@code done}, showing the
   * progress on {@code bar}, and returns the last status.
   *
   * @param expectedRun the run to follow, or -1 for whichever the peer reports
   */
  static RecoveryStatus watch(
      PeerClient peer, ProgressBar bar, double intervalSeconds, long expectedRun)
      throws InterruptedException {
    try {
      while (true) {
        RecoveryStatus s = fetch(peer);
        if (expectedRun >= 0 && s.run() != expectedRun) {
          throw new OtherRun(
              "the peer now reports recovery run "
                  + s.run()
                  + ", not run "
                  + expectedRun
                  + " that was started; see 'magnus recovery status'");
        }
        if (s.finished()) {
          return s;
        }
        bar.update(s.bytes().get("done"), s.bytes().get("total"), s.progress());
        TimeUnit.NANOSECONDS.sleep((long) (intervalSeconds * 1e9));
      }
    } catch (PeerException e) {
      if (e.kind() == PeerException.Kind.UNREACHABLE) {
        throw PeerException.unreachable(e.getMessage() + "; the recovery goes on at the peer");
      }
      throw e;
    } finally {
      bar.finish();
    }
  }

  /** The peer reports another run than the one being followed. */
  static final class OtherRun extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OtherRun(String message) {
      super(message);
    }
  }
}
