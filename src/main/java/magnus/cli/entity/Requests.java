package magnus.cli.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/** Request bodies of the client API; a null member is left out (the peer's default applies). */
public final class Requests {
  private Requests() {}

  /** {@code POST /api/backups}. */
  @JsonbPropertyOrder({"paths", "k", "n"})
  public record Backup(List<String> paths, Integer k, Integer n) {}

  /** {@code POST /api/restores}. */
  @JsonbPropertyOrder({"path", "version", "to"})
  public record Restore(String path, Long version, String to) {}

  /** {@code POST /api/recovery}: a drill into {@code to}. */
  public record Drill(String to) {}

  /** {@code POST /api/snapshots}. */
  @JsonbPropertyOrder({"paths", "k", "n"})
  public record Snapshot(List<String> paths, Integer k, Integer n) {}

  /** {@code POST /api/snapshots/restores}. */
  @JsonbPropertyOrder({"path", "snapshot", "asOf", "to"})
  public record SnapshotRestore(String path, String snapshot, String asOf, String to) {}
}
