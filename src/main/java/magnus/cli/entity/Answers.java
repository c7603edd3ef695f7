package magnus.cli.entity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The JSON answers of the client API's short requests. */
public final class Answers {
  private Answers() {}

  /** An item of {@code GET /api/files} and {@code GET /api/files/versions}. */
  public record FileVersion(
      String path,
      Long version,
      Long size,
      String sha256,
      Instant storedAt,
      Long k,
      Long n,
      Long fragmentsLive) {}

  /** The answer to {@code DELETE /api/files}. */
  public record Deletion(String path, Long versions, Long fragments, Long pendingRemovals) {}

  /** An item of {@code GET /api/peers}. */
  public record Peer(
      String id,
      String url,
      String failureDomain,
      Long capacityBytes,
      Long freeBytes,
      Boolean live,
      Boolean self) {}

  /** The answer to {@code POST /api/recovery}: the drill that was started. */
  public record RecoveryStarted(Long run, Optional<String> kind, Optional<String> destination) {}

  /** The answer to {@code GET /api/recovery}. */
  public record Recovery(
      Long run,
      String kind,
      String phase,
      Optional<String> destination,
      Instant startedAt,
      FileCounts files,
      ByteCounts bytes,
      Double bytesPerSecond,
      Long secondsLeft,
      List<Problem> problems) {}

  /** A recovery run's files, by state. */
  public record FileCounts(
      Long total, Long done, Long pending, Long waiting, Long conflict, Long failed) {}

  /** A recovery run's bytes: only the total and the done are shown. */
  public record ByteCounts(Long total, Long done) {}

  /** A file of a recovery run that is waiting, in conflict or failed. */
  public record Problem(String path, String state, Optional<String> detail) {}

  /** An item of {@code GET /api/snapshots}. */
  public record Snapshot(
      String id,
      Instant time,
      List<String> paths,
      Optional<String> parent,
      Long filesNew,
      Long filesChanged,
      Long filesUnchanged,
      Long bytesAdded) {}

  /** {@code DELETE /api/snapshots/{id}}: the snapshot forgotten. */
  public record SnapshotForgotten(String snapshot, List<String> paths, Long removalsPending) {}

  /** {@code DELETE /api/snapshots?path=}: the snapshots recorded again and those forgotten. */
  public record PathDeleted(
      String path, List<Replaced> replaced, List<Forgotten> forgotten, Long removalsPending) {}

  /** A snapshot forgotten because it held nothing but the path deleted. */
  public record Forgotten(String snapshot, List<String> paths) {}

  /** A snapshot recorded again without a path, as {@code by}. */
  public record Replaced(String snapshot, String by, List<String> paths) {}

  /** One entry of {@code GET /api/snapshots/tree}. */
  public record TreeEntry(
      String path, String type, Long size, Integer mode, String mtime, Optional<String> target) {}
}
