package magnus.recovery.boundary;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import magnus.recovery.control.Recovery;
import magnus.recovery.control.RecoveryRecords;
import magnus.recovery.entity.FileState;

/**
 * How the current or last recovery run is doing (GET /api/recovery).
 *
 * @param run the run's number
 * @param kind {@code host} or {@code drill}
 * @param phase {@code rebuilding}, {@code restoring} or {@code done}
 * @param startedAt when it started, an ISO-8601 instant
 * @param destination where a drill restores to; absent for a whole-host recovery
 * @param files files by state, and {@code total}
 * @param bytes their bytes by state, and {@code total}
 * @param bytesPerSecond restored since this process started
 * @param secondsLeft at that rate; -1 when unknown
 * @param problems files not recovered (yet), at most 100, by path
 */
public record RunStatus(
    long run,
    String kind,
    String phase,
    String startedAt,
    String destination,
    Map<String, Long> files,
    Map<String, Long> bytes,
    double bytesPerSecond,
    long secondsLeft,
    List<Problem> problems) {

  /** A file of the run that is waiting, in conflict, or failed, and why. */
  public record Problem(String path, String state, String detail) {}

  static RunStatus of(Recovery.Status s) {
    Map<String, Long> files = new LinkedHashMap<>();
    Map<String, Long> bytes = new LinkedHashMap<>();
    files.put("total", s.counts().totalFiles());
    bytes.put("total", s.counts().totalBytes());
    for (FileState state : FileState.values()) {
      files.put(state.wire(), s.counts().files(state));
      bytes.put(state.wire(), s.counts().bytes(state));
    }
    List<Problem> problems =
        s.problems().stream()
            .map(
                (RecoveryRecords.Open p) ->
                    new Problem(p.path(), p.state().wire(), p.detail() == null ? "" : p.detail()))
            .toList();
    return new RunStatus(
        s.run().id(),
        s.run().kind().wire(),
        s.run().phase().wire(),
        s.run().startedAt().toString(),
        s.run().destination(),
        files,
        bytes,
        s.bytesPerSecond(),
        s.secondsLeft(),
        problems);
  }
}
