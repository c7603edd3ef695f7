package magnus.cli.entity;

import java.util.Optional;

/**
 * The events of the NDJSON streams of {@code POST /api/backups} and {@code POST /api/restores},
 * told apart by their {@code event} member.
 */
public final class Events {
  private Events() {}

  /** {@code start} of a backup: what was found under the paths. */
  public record BackupStart(Long files, Long bytes) {}

  /** {@code progress}: bytes of file data done so far. */
  public record Progress(Long bytes, Long totalBytes) {}

  /** {@code stored}: a version of a file is recorded. */
  public record Stored(String path, Long version, Long size) {}

  /** {@code skipped}: a path that is not a regular file, or unreadable. */
  public record Skipped(String path, String reason) {}

  /** {@code failed}: one file ({@code path}) or, without a path, the whole operation. */
  public record Failed(Optional<String> path, String reason) {}

  /** {@code done} of a backup. */
  public record BackupDone(Long stored, Long skipped, Long failed, Long bytes, Double seconds) {}

  /** {@code start} of a restore. */
  public record RestoreStart(String path, Long version, Long size, String to) {}

  /** {@code corrupt}: a fragment that failed its hash; another one is used. */
  public record Corrupt(String peer, Long index, String reason) {}

  /**
   * {@code unavailable}: a holder that did not answer in time ({@code cause} {@code timeout}) or
   * failed part way ({@code failed}); another fragment is used.
   */
  public record Unavailable(String peer, Long index, String cause, String reason) {}

  /** {@code done} of a restore. */
  public record RestoreDone(String path, String to, Long bytes, Double seconds) {}

  /** {@code start} of a snapshot backup or a tree restore: regular files and their bytes. */
  public record TreeStart(Long files, Long totalBytes) {}

  /** {@code done} of a snapshot backup. */
  public record SnapshotDone(
      String snapshot,
      Long filesNew,
      Long filesChanged,
      Long filesUnchanged,
      Long skipped,
      Long failed,
      Long bytesRead,
      Long bytesAdded,
      Long packBytes,
      Double seconds) {}

  /** {@code done} of a tree restore. */
  public record TreeRestored(
      String snapshot,
      Long files,
      Long directories,
      Long links,
      Long bytes,
      Long failed,
      Double seconds) {}

  /** {@code start} of a prune: what it looks at. */
  public record PruneStart(Long snapshots, Long packs, Long packBytes) {}

  /** {@code done} of a prune. */
  public record Pruned(
      Long snapshots,
      Long liveBlobs,
      Long packsKept,
      Long packsRemoved,
      Long packsRewritten,
      Long packsWritten,
      Long orphansRemoved,
      Long bytesFreed,
      Long removalsPending,
      Double seconds) {}
}
