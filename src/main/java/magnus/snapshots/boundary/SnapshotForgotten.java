package magnus.snapshots.boundary;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * The answer to {@code DELETE /api/snapshots/{id}}: the snapshot forgotten, and the fragment
 * removals still pending because their holders are offline (they are told when they are back).
 */
@JsonbPropertyOrder({"snapshot", "paths", "removalsPending"})
public record SnapshotForgotten(String snapshot, List<String> paths, long removalsPending) {}
