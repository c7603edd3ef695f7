package magnus.snapshots.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a deletion that stopped part way tells the user. */
class PathDeletionTest {

  @Test
  void aDeletionStoppedPartWayNamesEverySnapshotThatStillHoldsThePathAndTheFix() {
    assertThat(
            PathDeletion.partlyDone(
                "/srv/data/private", 2, List.of("aa11", "bb22"), "need 5 peers, 3 live"))
        .isEqualTo(
            "2 of 4 snapshots holding /srv/data/private were changed; snapshots aa11, bb22 still"
                + " hold it (a record cannot be stored: need 5 peers, 3 live); delete the path"
                + " again once enough peers are live");
    assertThat(PathDeletion.partlyDone("/x", 0, List.of("cc33"), "no room"))
        .startsWith("0 of 1 snapshots holding /x were changed; snapshot cc33 still holds it (");
  }
}
