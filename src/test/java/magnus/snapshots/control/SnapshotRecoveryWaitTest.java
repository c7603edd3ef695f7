package magnus.snapshots.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import magnus.filemap.entity.OwnerMetadata.Kind;
import magnus.packs.Tree;
import org.junit.jupiter.api.Test;

/**
 * When a whole-host recovery waits for holders that are down: only when a pack it cannot read may
 * matter. Before, any such pack held it for ten minutes, also one that an interrupted backup left
 * and no snapshot names.
 */
class SnapshotRecoveryWaitTest {

  static Tree.Node file(String name, String... chunks) {
    return new Tree.Node(
        name,
        Tree.Type.FILE,
        0644,
        "2026-01-01T00:00:00Z",
        1,
        null,
        null,
        1L,
        null,
        List.of(chunks),
        null,
        null);
  }

  static Tree.Node dir(String name, String subtree) {
    return new Tree.Node(
        name,
        Tree.Type.DIR,
        0755,
        "2026-01-01T00:00:00Z",
        0,
        null,
        null,
        2L,
        null,
        null,
        subtree,
        null);
  }

  /** root -> sub -> (a: c1 c2), and b: c3 at the root. */
  static final Map<String, Tree> TREES =
      Map.of(
          "root", new Tree(List.of(dir("sub", "sub"), file("b", "c3"))),
          "sub", new Tree(List.of(file("a", "c1", "c2"))));

  static SnapshotRecovery.TreeSource trees() {
    return id -> {
      Tree t = TREES.get(id);
      if (t == null) {
        throw new PackReader.BlobException("no such tree " + id);
      }
      return t;
    };
  }

  @Test
  void noUnreadablePackNoWaitAndTheTreesAreNotWalked() {
    AtomicInteger walks = new AtomicInteger();
    assertThat(
            SnapshotRecovery.waitFor(
                List.of(),
                1,
                () -> {
                  walks.incrementAndGet();
                  return "missing";
                }))
        .isNull();
    assertThat(walks).hasValue(0);
  }

  @Test
  void anUnreadablePackOfBlobsNoSnapshotNeedsIsNoReasonToWait() {
    // The case of the interrupted backup: its half-stored pack holds chunks stored again since.
    String why =
        SnapshotRecovery.waitFor(
            List.of(Kind.PACK, Kind.PACK),
            0,
            () ->
                SnapshotRecovery.missingBlob(
                    List.of("root", "root"),
                    Set.of("root", "sub", "c1", "c2", "c3")::contains,
                    trees()));
    assertThat(why).isNull();
  }

  @Test
  void anUnreadablePackThatMayHoldASnapshotsRecordIsWaitedFor() {
    assertThat(SnapshotRecovery.waitFor(List.of(Kind.PACK, Kind.RECORD), 0, () -> null))
        .isEqualTo(
            "2 packs have fewer than k fragments on the live holders, and one of them may hold a"
                + " snapshot's record");
    assertThat(SnapshotRecovery.waitFor(List.of(Kind.RECORD), 0, () -> null))
        .isEqualTo(
            "1 pack has fewer than k fragments on the live holders, and it may hold a snapshot's"
                + " record");
  }

  @Test
  void aSnapshotWhoseTreeWasNotFoundIsWaitedFor() {
    assertThat(SnapshotRecovery.waitFor(List.of(Kind.PACK), 2, () -> null))
        .isEqualTo(
            "1 pack has fewer than k fragments on the live holders, and 2 snapshots found have"
                + " their trees in none of the packs read");
  }

  @Test
  void aChunkASnapshotNeedsThatNoPackReadHoldsIsWaitedFor() {
    String why =
        SnapshotRecovery.waitFor(
            List.of(Kind.PACK),
            0,
            () ->
                SnapshotRecovery.missingBlob(
                    List.of("root"), Set.of("root", "sub", "c1", "c3")::contains, trees()));
    assertThat(why)
        .isEqualTo(
            "1 pack has fewer than k fragments on the live holders, and chunk c2 of a is in none"
                + " of the packs read");
  }

  @Test
  void aSubtreeThatIsMissingOrUnreadableIsNamed() {
    assertThat(
            SnapshotRecovery.missingBlob(
                List.of("root"), Set.of("root", "c1", "c2", "c3")::contains, trees()))
        .isEqualTo("a snapshot's tree sub is in none of the packs read");
    assertThat(SnapshotRecovery.missingBlob(List.of("other"), Set.of("other")::contains, trees()))
        .isEqualTo("a snapshot's tree other cannot be read: no such tree other");
  }
}
