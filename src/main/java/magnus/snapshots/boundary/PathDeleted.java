package magnus.snapshots.boundary;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import magnus.snapshots.control.PathDeletion;

/**
 * The answer to {@code DELETE /api/snapshots?path=}: the snapshots recorded again without the path
 * (each under a new id), those forgotten because they held nothing else, and the fragment removals
 * still pending because their holders are offline.
 */
@JsonbPropertyOrder({"path", "replaced", "forgotten", "removalsPending"})
public record PathDeleted(
    String path, List<Replaced> replaced, List<Forgotten> forgotten, long removalsPending) {

  /** A snapshot recorded again as {@code by}, holding {@code paths}. */
  @JsonbPropertyOrder({"snapshot", "by", "paths"})
  public record Replaced(String snapshot, String by, List<String> paths) {}

  /** A snapshot forgotten: it held nothing but the path. */
  @JsonbPropertyOrder({"snapshot", "paths"})
  public record Forgotten(String snapshot, List<String> paths) {}

  static PathDeleted of(String path, PathDeletion.Outcome outcome, long pending) {
    return new PathDeleted(
        path,
        outcome.replaced().stream()
            .map(r -> new Replaced(r.snapshot(), r.by(), r.paths()))
            .toList(),
        outcome.forgotten().stream().map(s -> new Forgotten(s.id(), s.paths())).toList(),
        pending);
  }
}
