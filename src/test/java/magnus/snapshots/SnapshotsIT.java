package magnus.snapshots;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import magnus.testing.Databases;
import magnus.testing.Scripts.Run;
import magnus.testing.TestNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Snapshots of whole trees on real peers: six Payara Micro processes over their own PostgreSQL
 * databases, driven with {@code bin/magnus} as a person would. Peer 0 is the owner; packs are coded
 * k=3, n=5, onto the five others.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SnapshotsIT {

  static final int PEERS = 6;
  static final TestNetwork NET =
      new TestNetwork(
          "snapshots",
          18200,
          // A short grace time, so that a prune removes what a run killed just now left; no sweep,
          // whose removals would come at moments the tests do not choose.
          Map.of(
              "MAGNUS_HEAP",
              "256m",
              "MAGNUS_SNAPSHOTS_ORPHAN_GRACE_SECONDS",
              "10",
              "MAGNUS_SNAPSHOTS_SWEEP_MINUTES",
              "0"));
  static Path work;
  static Path tree;

  @BeforeAll
  static void startNetwork() throws Exception {
    Run start = NET.start(PEERS);
    assertThat(start.exitCode()).as(start.output()).isZero();
    work = NET.state().resolve("work");
    Files.createDirectories(work);
    // Apart from where the copies go: a run records the directories on the way to its paths too,
    // and a copy made beside the tree would change its parent's mtime.
    tree = NET.state().resolve("source/tree");
    makeTree(tree);
    NET.awaitLive(0, PEERS);
  }

  @AfterAll
  static void stopNetwork() throws Exception {
    NET.network("stop");
  }

  /**
   * Nested directories with 10,000 small files, empty files and directories, links (one dangling,
   * one to a directory), unusual modes (set-id, sticky, none) and old mtimes.
   */
  static void makeTree(Path root) throws IOException {
    Random random = new Random(10);
    for (int d = 0; d < 100; d++) {
      Path dir = root.resolve("d" + d % 10).resolve("e" + d);
      Files.createDirectories(dir);
      for (int f = 0; f < 100; f++) {
        byte[] bytes = new byte[random.nextInt(3000)];
        random.nextBytes(bytes);
        Path file = dir.resolve("f" + f + (f % 7 == 0 ? ".txt" : ""));
        Files.write(file, bytes);
      }
    }
    Path odd = root.resolve("odd");
    Files.createDirectories(odd.resolve("empty/nested-empty"));
    Files.write(odd.resolve("empty-file"), new byte[0]);
    Files.write(odd.resolve("setuid"), "#!/bin/sh\n".getBytes());
    Files.setAttribute(odd.resolve("setuid"), "unix:mode", 04755);
    Files.write(odd.resolve("no-permissions"), "secret".getBytes());
    Files.write(odd.resolve("name with spaces ä"), "x".getBytes());
    byte[] tenKb = new byte[10_240];
    random.nextBytes(tenKb);
    Files.write(odd.resolve("ten-kb"), tenKb);
    Files.createSymbolicLink(odd.resolve("dangling"), Path.of("../nowhere/at/all"));
    Files.createSymbolicLink(odd.resolve("to-dir"), Path.of("../d1"));
    Files.createDirectories(odd.resolve("sticky"));
    Files.setAttribute(odd.resolve("sticky"), "unix:mode", 01777);
    Files.setLastModifiedTime(odd.resolve("empty-file"), FileTime.fromMillis(631_152_000_000L));
    Files.setLastModifiedTime(odd.resolve("empty/nested-empty"), FileTime.fromMillis(1_000L));
    Files.setAttribute(odd.resolve("no-permissions"), "unix:mode", 0);
    // Directories last: their mtimes change as entries are made in them.
    Files.setLastModifiedTime(odd.resolve("empty"), FileTime.fromMillis(946_684_800_000L));
  }

  @Test
  @Order(1)
  void aTreeBacksUpAndRestoresElsewhereIdenticalWithModesTimesAndLinks() throws Exception {
    Run backup = NET.cli(0, "snapshot", "--k", "3", "--n", "5", tree.toString());
    assertThat(backup.exitCode()).as(backup.output()).isZero();
    assertThat(backup.output()).contains("10005 new, 0 changed, 0 unchanged");

    Path copy = work.resolve("restored");
    Run restore =
        NET.cli(0, "restore", "--snapshot", "latest", tree.toString(), "--to", copy.toString());
    assertThat(restore.exitCode()).as(restore.output()).isZero();
    assertThat(restore.output()).contains("10005 files").contains("2 links");
    assertSameTree(tree, copy);
    try (Stream<Path> all = Files.walk(copy)) {
      assertThat(all.map(p -> p.getFileName().toString()))
          .as("temporary files left")
          .noneMatch(n -> n.endsWith(".magnus-restore"));
    }
  }

  @Test
  @Order(2)
  void anUnchangedTreeStoresNothingNewAndAChangedFileOnlyItsNewBytes() throws Exception {
    long before = holderBytes();
    Run again = NET.cli(0, "snapshot", tree.toString());
    assertThat(again.exitCode()).as(again.output()).isZero();
    // No file is read again and no chunk stored. The trees of the directories above the tree are
    // stored again when one of them changed meanwhile (this build's target directory does, as
    // test reports are written): a few hundred bytes.
    assertThat(again.output())
        .containsPattern(
            "0 new, 0 changed, 10005 unchanged, ([0-9]{1,3} B|[0-3]\\.[0-9] kB) added");
    // Only those trees and the snapshot's own record are stored: a few KiB on the holders.
    assertThat(holderBytes() - before).isLessThan(16 << 10);

    Path changed = tree.resolve("d3/e13/f5");
    Files.write(changed, "changed".getBytes(), java.nio.file.StandardOpenOption.APPEND);
    long beforeChange = holderBytes();
    Run third = NET.cli(0, "snapshot", tree.toString());
    assertThat(third.exitCode()).as(third.output()).isZero();
    assertThat(third.output()).contains("0 new, 1 changed, 10004 unchanged");
    // The file's one chunk and the four trees on its way, coded 3-of-5: well under 64 KiB.
    assertThat(holderBytes() - beforeChange).isLessThan(64 << 10);

    Path copy = work.resolve("restored-changed");
    Run restore =
        NET.cli(0, "restore", "--snapshot", "latest", tree.toString(), "--to", copy.toString());
    assertThat(restore.exitCode()).as(restore.output()).isZero();
    assertSameTree(tree, copy);
  }

  @Test
  @Order(3)
  void asOfAndAnIdChooseTheStateOfThatTime() throws Exception {
    Path dir = work.resolve("timed");
    Files.createDirectories(dir);
    Path file = dir.resolve("a.txt");
    Files.writeString(file, "first");
    Run first = NET.cli(0, "snapshot", dir.toString());
    assertThat(first.exitCode()).as(first.output()).isZero();
    String firstId = snapshotId(first.output());
    Thread.sleep(1100);
    Instant between = Instant.now();
    Thread.sleep(1100);
    Files.writeString(file, "second, longer");
    Run second = NET.cli(0, "snapshot", dir.toString());
    assertThat(second.exitCode()).as(second.output()).isZero();

    Path asOf = work.resolve("as-of");
    Run r1 =
        NET.cli(
            0, "restore", "--as-of", between.toString(), file.toString(), "--to", asOf.toString());
    assertThat(r1.exitCode()).as(r1.output()).isZero();
    assertThat(Files.readString(asOf)).isEqualTo("first");

    Path byId = work.resolve("by-id");
    Run r2 =
        NET.cli(
            0,
            "restore",
            "--snapshot",
            firstId.substring(0, 8),
            dir.toString(),
            "--to",
            byId.toString());
    assertThat(r2.exitCode()).as(r2.output()).isZero();
    assertThat(Files.readString(byId.resolve("a.txt"))).isEqualTo("first");

    // Without --snapshot, a path only snapshots hold comes from the newest of them.
    Path plain = work.resolve("plain");
    Run r3 = NET.cli(0, "restore", file.toString(), "--to", plain.toString());
    assertThat(r3.exitCode()).as(r3.output()).isZero();
    assertThat(Files.readString(plain)).isEqualTo("second, longer");
    // A file deleted from the disk, and backed up over since, comes from the newest snapshot
    // that still holds it.
    Path gone = dir.resolve("gone.txt");
    Files.writeString(gone, "deleted by mistake");
    assertThat(NET.cli(0, "snapshot", dir.toString()).exitCode()).isZero();
    Files.delete(gone);
    Run over = NET.cli(0, "snapshot", dir.toString());
    assertThat(over.exitCode()).as(over.output()).isZero();
    Run back = NET.cli(0, "restore", gone.toString());
    assertThat(back.exitCode()).as(back.output()).isZero();
    assertThat(Files.readString(gone)).isEqualTo("deleted by mistake");
    Files.delete(gone);

    Run ls = NET.cli(0, "ls", "--snapshot", firstId.substring(0, 8), dir.toString());
    assertThat(ls.exitCode()).as(ls.output()).isZero();
    assertThat(ls.output()).containsPattern("file +0644 +5 B .* " + Pattern.quote(file.toString()));
    assertThat(ls.output()).contains("1 entry, 1 file of 5 B");
    assertRefused(
        NET.cli(0, "ls", "--snapshot", firstId.substring(0, 8), dir + "/none"),
        dir + "/none is not in snapshot " + firstId);

    Run listed = NET.cli(0, "snapshots", dir.toString());
    assertThat(listed.exitCode()).as(listed.output()).isZero();
    assertThat(listed.output()).contains(firstId).contains(snapshotId(second.output()));
    assertThat(listed.output()).doesNotContain(tree.toString());
  }

  @Test
  @Order(4)
  void aSmallFileRestoresByRangesFetchingUnderOneMegabyte() throws Exception {
    Path file = tree.resolve("odd/ten-kb");
    Path copy = work.resolve("ten-kb");
    long before = servedBytes();
    Run restore =
        NET.cli(0, "restore", "--snapshot", "latest", file.toString(), "--to", copy.toString());
    assertThat(restore.exitCode()).as(restore.output()).isZero();
    long served = servedBytes() - before;
    assertThat(Files.mismatch(file, copy)).isEqualTo(-1L);
    // The chunk's own bytes, from the data fragments: not k whole fragments of its pack.
    assertThat(served).isGreaterThanOrEqualTo(10_240).isLessThan(1 << 20);
  }

  @Test
  @Order(5)
  void twoCopiesOfABigFileCostLittleMoreThanOne() throws Exception {
    Path dir = work.resolve("big");
    Files.createDirectories(dir);
    randomFile(dir.resolve("a.bin"), 200L << 20, 4);
    long before = holderBytes();
    Run one = NET.cli(0, "snapshot", dir.toString());
    assertThat(one.exitCode()).as(one.output()).isZero();
    long oneCopy = holderBytes() - before;
    assertThat(oneCopy).isGreaterThan(200L << 20); // 5/3 of it, coded 3-of-5

    Files.copy(dir.resolve("a.bin"), dir.resolve("b.bin"));
    long beforeCopy = holderBytes();
    Run two = NET.cli(0, "snapshot", dir.toString());
    assertThat(two.exitCode()).as(two.output()).isZero();
    assertThat(two.output()).contains("1 new, 0 changed, 1 unchanged");
    assertThat((double) (holderBytes() - beforeCopy)).isLessThan(0.05 * oneCopy);

    Path copy = work.resolve("big-restored");
    Run restore =
        NET.cli(0, "restore", "--snapshot", "latest", dir.toString(), "--to", copy.toString());
    assertThat(restore.exitCode()).as(restore.output()).isZero();
    assertThat(Files.mismatch(dir.resolve("a.bin"), copy.resolve("a.bin"))).isEqualTo(-1L);
    assertThat(Files.mismatch(dir.resolve("a.bin"), copy.resolve("b.bin"))).isEqualTo(-1L);
    Files.delete(dir.resolve("b.bin"));
  }

  @Test
  @Order(6)
  void restoresWithTwoHoldersDownAndRefusesWithAThirdWritingNothing() throws Exception {
    kill(1);
    kill(2);
    List<String> down = new ArrayList<>(List.of("start-peer", "1", "2"));
    try {
      Path copy = work.resolve("degraded");
      Run restore =
          NET.cli(0, "restore", "--snapshot", "latest", tree.toString(), "--to", copy.toString());
      assertThat(restore.exitCode()).as(restore.output()).isZero();
      assertSameTree(tree, copy);

      kill(3);
      down.add("3");
      Path never = work.resolve("never");
      Run fails =
          NET.cli(0, "restore", "--snapshot", "latest", tree.toString(), "--to", never.toString());
      assertThat(fails.exitCode()).as(fails.output()).isNotZero();
      assertThat(fails.output()).contains("nothing was written").contains("need 3 fragments");
      assertThat(never).doesNotExist();
      // Nor the staging directory the tree was written into while its packs came.
      try (var left = Files.list(work)) {
        assertThat(left.map(p -> p.getFileName().toString()))
            .noneMatch(n -> n.startsWith(".never."));
      }

      // One big file is written while its packs come: refused all the same, and nothing is left,
      // not even its temporary file.
      Path neverFile = work.resolve("never-file");
      Run fileFails =
          NET.cli(0, "restore", work.resolve("big/a.bin").toString(), "--to", neverFile.toString());
      assertThat(fileFails.exitCode()).as(fileFails.output()).isNotZero();
      assertThat(fileFails.output())
          .contains("a pack it needs cannot be had, so nothing was written")
          .contains("need 3 fragments");
      assertThat(neverFile).doesNotExist();
      try (var left = Files.list(work)) {
        assertThat(left.map(p -> p.getFileName().toString()))
            .noneMatch(n -> n.contains("never-file"));
      }

      // A small file is read by ranges from the one data fragment that holds it: with three of
      // five holders down, it comes back when that fragment's holder is up, or is refused the
      // same way; either way nothing else is left.
      Path small = work.resolve("small-file");
      Run one =
          NET.cli(0, "restore", tree.resolve("odd/ten-kb").toString(), "--to", small.toString());
      if (one.exitCode() == 0) {
        assertThat(Files.mismatch(tree.resolve("odd/ten-kb"), small)).isEqualTo(-1L);
      } else {
        assertThat(one.output()).contains("nothing was written");
        assertThat(small).doesNotExist();
      }
    } finally {
      // Whatever failed above, the later tests get their five holders back.
      Run again = NET.network(down.toArray(String[]::new));
      assertThat(again.exitCode()).as(again.output()).isZero();
      NET.awaitLive(0, PEERS);
    }
  }

  @Test
  @Order(7)
  void badInputGetsAClearErrorAndNothingIsWritten() throws Exception {
    assertRefused(
        NET.cli(0, "snapshot", work.resolve("missing").toString()),
        work.resolve("missing") + " does not exist; give paths that exist on this host");
    assertRefused(
        NET.cli(0, "restore", "--snapshot", "xyz", tree.toString(), "--to", "/tmp/x"),
        "snapshot is xyz; give a snapshot id (hex digits, as bin/magnus snapshots lists them)");
    assertRefused(
        NET.cli(0, "restore", "--snapshot", "0000000f", tree.toString(), "--to", "/tmp/x"),
        "no snapshot 0000000f; bin/magnus snapshots lists them");
    assertRefused(
        NET.cli(0, "restore", "--as-of", "yesterday", tree.toString(), "--to", "/tmp/x"),
        "yesterday is not a time; give an ISO-8601 time with its offset, such as"
            + " 2026-12-01T09:00:00Z");
    assertRefused(
        NET.cli(0, "restore", "--as-of", "2001-01-01T00:00:00Z", tree.toString(), "--to", "/x"),
        "no snapshot of " + tree + " was made at or before 2001-01-01T00:00:00Z");
    assertRefused(
        NET.cli(0, "restore", "--snapshot", "latest", "/etc", "--to", "/tmp/x"),
        "no snapshot holds /etc; bin/magnus snapshots lists them");
    assertRefused(
        NET.cli(
            0,
            "restore",
            "--snapshot",
            "latest",
            tree.resolve("no/such").toString(),
            "--to",
            "/tmp/x"),
        "no snapshot holds " + tree.resolve("no/such") + ": none of the");
    // A destination that exists and is not empty is never written into.
    Path taken = work.resolve("taken");
    Files.createDirectories(taken);
    Files.writeString(taken.resolve("keep"), "mine");
    assertRefused(
        NET.cli(0, "restore", "--snapshot", "latest", tree.toString(), "--to", taken.toString()),
        taken + " exists; restore to a path that does not exist yet");
    try (Stream<Path> left = Files.list(taken)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("keep");
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  @Order(8)
  void forgetAndPruneRemoveWhatOnlyForgottenSnapshotsReferenced() throws Exception {
    Path dir = work.resolve("pruned");
    Files.createDirectories(dir.resolve("small"));
    randomFile(dir.resolve("a.bin"), 24L << 20, 11);
    for (int i = 0; i < 100; i++) {
      randomFile(dir.resolve("small/" + i), 100 << 10, 100 + i);
    }
    Run first = NET.cli(0, "snapshot", dir.toString());
    assertThat(first.exitCode()).as(first.output()).isZero();
    String firstId = snapshotId(first.output());
    Files.delete(dir.resolve("a.bin"));
    for (int i = 50; i < 100; i++) {
      Files.delete(dir.resolve("small/" + i));
    }
    Run second = NET.cli(0, "snapshot", dir.toString());
    assertThat(second.exitCode()).as(second.output()).isZero();
    String secondId = snapshotId(second.output());

    assertRefused(NET.cli(0, "forget", "xyz"), "xyz is not a snapshot id; give hex digits");
    assertRefused(NET.cli(0, "forget", "0123abcd"), "no snapshot 0123abcd");
    Run forget = NET.cli(0, "forget", firstId.substring(0, 10));
    assertThat(forget.exitCode()).as(forget.output()).isZero();
    assertThat(forget.output()).contains("forgot snapshot " + firstId + " of " + dir);
    assertThat(NET.cli(0, "snapshots", dir.toString()).output())
        .doesNotContain(firstId)
        .contains(secondId);

    long before = holderBytes();
    Run prune = NET.cli(0, "prune");
    assertThat(prune.exitCode()).as(prune.output()).isZero();
    Matcher m =
        Pattern.compile("pruned: (\\d+) packs? removed \\((\\d+) rewritten into (\\d+)\\)")
            .matcher(prune.output());
    assertThat(m.find()).as(prune.output()).isTrue();
    // a.bin's 24 MB are in packs of their own or beside the small files, half of which are dead:
    // the first are removed, the second rewritten.
    assertThat(Integer.parseInt(m.group(1))).as(prune.output()).isGreaterThanOrEqualTo(2);
    assertThat(Integer.parseInt(m.group(2))).as(prune.output()).isGreaterThanOrEqualTo(1);
    // At least a.bin's fragments (5/3 of 24 MiB) left the holders.
    assertThat(before - holderBytes()).isGreaterThan((24L << 20) * 5 / 3 * 9 / 10);

    Path copy = work.resolve("pruned-restored");
    Run restore =
        NET.cli(0, "restore", "--snapshot", secondId, dir.toString(), "--to", copy.toString());
    assertThat(restore.exitCode()).as(restore.output()).isZero();
    assertSameTree(dir, copy);
    assertRefused(
        NET.cli(0, "restore", "--snapshot", firstId, dir.toString(), "--to", "/tmp/never"),
        "no snapshot " + firstId);
    // What other snapshots reference is kept: the first tree, backed up at the start.
    Path whole = work.resolve("after-prune");
    Run tree1 =
        NET.cli(0, "restore", "--snapshot", "latest", tree.toString(), "--to", whole.toString());
    assertThat(tree1.exitCode()).as(tree1.output()).isZero();
    assertSameTree(tree, whole);
  }

  @Test
  @Order(9)
  void deleteRemovesAPathFromEverySnapshotAndPruneFreesItsBytes() throws Exception {
    Path dir = work.resolve("deleted");
    Files.createDirectories(dir.resolve("keep"));
    Files.createDirectories(dir.resolve("secret/sub"));
    Files.writeString(dir.resolve("keep/k.txt"), "kept\n");
    randomFile(dir.resolve("secret/s.bin"), 3L << 20, 31);
    Files.writeString(dir.resolve("secret/sub/t.txt"), "secret too\n");
    Run whole = NET.cli(0, "snapshot", dir.toString());
    assertThat(whole.exitCode()).as(whole.output()).isZero();
    String wholeId = snapshotId(whole.output());
    Run only = NET.cli(0, "snapshot", dir.resolve("secret").toString());
    assertThat(only.exitCode()).as(only.output()).isZero();
    String onlyId = snapshotId(only.output());

    assertRefused(NET.cli(0, "delete", "/"), "deleting / would empty every snapshot");
    Run nowhere = NET.cli(0, "delete", dir.resolve("nothing-here").toString());
    assertThat(nowhere.exitCode()).as(nowhere.output()).isEqualTo(4);
    assertThat(nowhere.output()).contains("no backup of " + dir.resolve("nothing-here"));
    assertThat(NET.cli(0, "snapshots", dir.toString()).output()).contains(wholeId);

    Run delete = NET.cli(0, "delete", dir.resolve("secret").toString());
    assertThat(delete.exitCode()).as(delete.output()).isZero();
    Matcher m =
        Pattern.compile("snapshot " + wholeId + " is now ([0-9a-f]{32}), holding " + dir)
            .matcher(delete.output());
    assertThat(m.find()).as(delete.output()).isTrue();
    String newId = m.group(1);
    assertThat(delete.output())
        .contains("deleted " + dir.resolve("secret") + " from 2 snapshots")
        .contains("snapshot " + onlyId + " forgotten: it held only " + dir.resolve("secret"));
    String listed = NET.cli(0, "snapshots").output();
    assertThat(listed).contains(newId).doesNotContain(wholeId).doesNotContain(onlyId);
    assertThat(NET.cli(0, "ls", "--snapshot", newId, dir.toString()).output())
        .contains(dir.resolve("keep").toString())
        .doesNotContain("secret");
    assertRefused(
        NET.cli(0, "restore", dir.resolve("secret").toString(), "--to", "/tmp/never"),
        "no snapshot holds " + dir.resolve("secret"));

    // The deletion is the truth from now on: a second one finds nothing.
    Run again = NET.cli(0, "delete", dir.resolve("secret").toString());
    assertThat(again.exitCode()).as(again.output()).isEqualTo(4);

    Run prune = NET.cli(0, "prune");
    assertThat(prune.exitCode()).as(prune.output()).isZero();
    Path copy = work.resolve("deleted-restored");
    Run restore =
        NET.cli(0, "restore", "--snapshot", newId, dir.toString(), "--to", copy.toString());
    assertThat(restore.exitCode()).as(restore.output()).isZero();
    assertThat(copy.resolve("keep/k.txt")).hasContent("kept");
    assertThat(copy.resolve("secret")).doesNotExist();
    // The prune dropped the secret's chunks: backed up again, its 3 MiB are stored again.
    Run back = NET.cli(0, "snapshot", dir.resolve("secret").toString());
    assertThat(back.exitCode()).as(back.output()).isZero();
    assertThat(back.output()).contains("2 new, 0 changed, 0 unchanged, 3.1 MB added");
  }

  @Test
  @Order(10)
  void aPruneKilledAtAnyMomentLosesNothingAndTheNextOneFinishes() throws Exception {
    Path dir = work.resolve("killed");
    Files.createDirectories(dir);
    Random random = new Random(2026);
    Path log = work.resolve("prune.log");
    List<String> kept = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      // Garbage for this round: 30 files of 1 MiB, then 20 of them replaced, and the first
      // snapshot forgotten, so that its packs are partly live and partly dead.
      for (int i = 0; i < 30; i++) {
        randomFile(dir.resolve("f" + i), 1 << 20, 1000L * round + i);
      }
      Run a = NET.cli(0, "snapshot", dir.toString());
      assertThat(a.exitCode()).as(a.output()).isZero();
      for (int i = 0; i < 20; i++) {
        randomFile(dir.resolve("f" + i), 1 << 20, 1000L * round + 500 + i);
      }
      Run b = NET.cli(0, "snapshot", dir.toString());
      assertThat(b.exitCode()).as(b.output()).isZero();
      kept.add(snapshotId(b.output()));
      Path copy = work.resolve("killed-" + round);
      Files.createDirectories(copy);
      for (int i = 0; i < 30; i++) {
        Files.copy(dir.resolve("f" + i), copy.resolve("f" + i));
      }
      assertThat(NET.cli(0, "forget", snapshotId(a.output())).exitCode()).isZero();

      Process prune = NET.startCli(0, log, "prune");
      Thread.sleep(200 + random.nextInt(2500));
      kill(0);
      prune.waitFor();
      Run again = NET.network("start-peer", "0");
      assertThat(again.exitCode()).as(again.output()).isZero();
      NET.awaitLive(0, PEERS);
    }
    Run finish = NET.cli(0, "prune");
    assertThat(finish.exitCode()).as(finish.output()).isZero();
    Run nothingLeft = NET.cli(0, "prune");
    assertThat(nothingLeft.exitCode()).as(nothingLeft.output()).isZero();
    assertThat(nothingLeft.output()).contains("pruned: 0 packs removed (0 rewritten into 0)");
    for (int round = 0; round < 3; round++) {
      Path restored = work.resolve("killed-restored-" + round);
      Run r =
          NET.cli(
              0,
              "restore",
              "--snapshot",
              kept.get(round),
              dir.toString(),
              "--to",
              restored.toString());
      assertThat(r.exitCode()).as(r.output()).isZero();
      for (int i = 0; i < 30; i++) {
        assertThat(
                Files.mismatch(
                    work.resolve("killed-" + round + "/f" + i), restored.resolve("f" + i)))
            .as("f" + i + " of round " + round)
            .isEqualTo(-1L);
      }
    }
    Path whole = work.resolve("after-kills");
    Run tree1 =
        NET.cli(0, "restore", "--snapshot", "latest", tree.toString(), "--to", whole.toString());
    assertThat(tree1.exitCode()).as(tree1.output()).isZero();
    assertSameTree(tree, whole);
  }

  @Test
  @Order(11)
  void aBackupKilledPartWayThenRunAgainRestoresIdentical() throws Exception {
    Path dir = work.resolve("interrupted");
    Files.createDirectories(dir);
    randomFile(dir.resolve("big.bin"), 96L << 20, 77);
    beforeInterrupted = holderBytes();
    Path log = work.resolve("interrupted.log");
    Process run = NET.startCli(0, log, "snapshot", dir.toString());
    // Killed once some packs are on the holders, while others are on their way. The holders'
    // bytes count the fragments still arriving, which they drop when the owner dies: of 100 MB,
    // the packs in flight can go (the file makes packs of 16, 16, 32 and 32 MiB, 5/3 of that on
    // the holders), and the first packs, stored, stay.
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (holderBytes() - beforeInterrupted < 100_000_000L
        && System.nanoTime() < deadline
        && run.isAlive()) {
      Thread.sleep(50);
    }
    assertThat(run.isAlive())
        .as("the backup ended before it could be killed: " + Files.readString(log))
        .isTrue();
    kill(0);
    run.waitFor();
    assertThat(holderBytes() - beforeInterrupted)
        .as("what the killed run left")
        .isGreaterThan(10_000_000L);
    Run again = NET.network("start-peer", "0");
    assertThat(again.exitCode()).as(again.output()).isZero();
    NET.awaitLive(0, PEERS);
    assertThat(NET.cli(0, "snapshots", dir.toString()).output()).contains("no snapshots hold");

    // The same path again, with what the killed run left still on the holders: the owner took
    // none of it for its own (nothing recorded names it), and stores the file whole.
    Run whole = NET.cli(0, "snapshot", dir.toString());
    assertThat(whole.exitCode()).as(whole.output()).isZero();
    Path copy = work.resolve("interrupted-restored");
    Run restore =
        NET.cli(0, "restore", "--snapshot", "latest", dir.toString(), "--to", copy.toString());
    assertThat(restore.exitCode()).as(restore.output()).isZero();
    assertThat(Files.mismatch(dir.resolve("big.bin"), copy.resolve("big.bin"))).isEqualTo(-1L);
  }

  /** Fragment bytes on the holders before the killed run. */
  static long beforeInterrupted;

  /**
   * The sequence, continued from the test before: after a backup killed part way and run
   * again, the owner is wiped and recovers with one holder down; every snapshot restores identical,
   * and once past the grace time a prune leaves nothing of the killed run.
   */
  @Test
  @Order(12)
  void aWipedOwnerGetsItsSnapshotsAndItsTreeBackFromTheHoldersWithOneHolderDown() throws Exception {
    Run before = NET.cli(0, "snapshots");
    assertThat(before.exitCode()).as(before.output()).isZero();
    List<String> ids = new ArrayList<>();
    Matcher m = Pattern.compile("\\b([0-9a-f]{32})\\b").matcher(before.output());
    while (m.find()) {
      ids.add(m.group(1));
    }
    assertThat(ids).hasSizeGreaterThan(5);
    Path original = NET.state().resolve("source/tree-original");
    Files.move(tree, original);
    kill(5);
    Run wipe = NET.network("wipe", "0");
    assertThat(wipe.exitCode()).as(wipe.output()).isZero();
    Run again = NET.network("start-peer", "0");
    assertThat(again.exitCode()).as(again.output()).isZero();

    // The killed run may have left a pack with fewer than k fragments on the live holders (one of
    // its fragments on the holder that is down). No snapshot needs it, and the recovery must not
    // wait for more peers on its account (it waited 600 s,
    // SnapshotRecovery.WAIT_FOR_HOLDERS_SECONDS,
    // before it told such a pack apart): the deadline is half that.
    long deadline = System.nanoTime() + 300_000_000_000L;
    String phase = null;
    while (System.nanoTime() < deadline) {
      var r = NET.get(0, "/api/recovery");
      if (r != null && r.statusCode() == 200 && r.body().contains("\"phase\":\"done\"")) {
        phase = "done";
        break;
      }
      Thread.sleep(1000);
    }
    assertThat(phase).as("the recovery did not finish in 300 s").isEqualTo("done");
    assertSameTree(original, tree);
    Run after = NET.cli(0, "snapshots");
    assertThat(after.exitCode()).as(after.output()).isZero();
    for (String id : ids) {
      assertThat(after.output()).contains(id);
    }
    // Every other snapshot is back too: paths that exist were left alone, and restore elsewhere.
    for (String name : List.of("pruned", "interrupted")) {
      Path dir = work.resolve(name);
      Path copy = work.resolve(name + "-recovered");
      Run restore =
          NET.cli(0, "restore", "--snapshot", "latest", dir.toString(), "--to", copy.toString());
      assertThat(restore.exitCode()).as(restore.output()).isZero();
      assertSameTree(dir, copy);
    }
    assertThat(NET.network("start-peer", "5").exitCode()).isZero();
    NET.awaitLive(0, PEERS);

    // Past the grace time (10 s here), a prune removes what the killed run left and nothing
    // references: its packs that were never recorded, and those the recovery found twice over
    // (the copy whose blobs are all in the other). The packs it stored and recorded before it was
    // killed stay: the run again found their chunks stored and references them.
    Run prune = NET.cli(0, "prune");
    assertThat(prune.exitCode()).as(prune.output()).isZero();
    java.util.Set<String> recorded =
        new java.util.HashSet<>(Databases.strings(NET.database(0), "SELECT id FROM pack"));
    assertThat(holderObjects()).as(prune.output()).isNotEmpty().isSubsetOf(recorded);
    Path copy = work.resolve("interrupted-after-prune");
    Run restore =
        NET.cli(0, "restore", work.resolve("interrupted").toString(), "--to", copy.toString());
    assertThat(restore.exitCode()).as(restore.output()).isZero();
    assertSameTree(work.resolve("interrupted"), copy);
  }

  static String snapshotId(String output) {
    Matcher m = Pattern.compile("snapshot ([0-9a-f]{32}) saved").matcher(output);
    assertThat(m.find()).as(output).isTrue();
    return m.group(1);
  }

  static void assertRefused(Run run, String message) {
    assertThat(run.exitCode()).as(run.output()).isNotZero();
    assertThat(run.output()).contains(message);
  }

  /** Fragment bytes the holders have sent, peers 1 to 5; fails when a holder's metrics do not. */
  static long servedBytes() {
    long sum = 0;
    for (int i = 1; i < PEERS; i++) {
      String metrics = NET.getOk(i, "/metrics?scope=application");
      long[] found = {-1};
      metrics
          .lines()
          .filter(line -> line.startsWith("fragments_served_bytes_total"))
          .forEach(
              line ->
                  found[0] =
                      Math.max(0, found[0])
                          + (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
      assertThat(found[0]).as("peer " + i + "'s fragments_served_bytes_total").isNotNegative();
      sum += found[0];
    }
    return sum;
  }

  /** The objects (packs) that the holders, peers 1 to 5, have a fragment file of. */
  static java.util.Set<String> holderObjects() throws IOException {
    java.util.Set<String> objects = new java.util.TreeSet<>();
    for (int i = 1; i < PEERS; i++) {
      Path fragments = NET.dataDirectory(i).resolve("fragments");
      assertThat(fragments).as("peer " + i + "'s fragments").isDirectory();
      try (Stream<Path> all = Files.walk(fragments)) {
        for (Path p : (Iterable<Path>) all::iterator) {
          // fragments/OWNER/OBJECT/VERSION/FILE
          if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
              && fragments.relativize(p).getNameCount() > 2) {
            objects.add(fragments.relativize(p).getName(1).toString());
          }
        }
      }
    }
    return objects;
  }

  /** Bytes of fragments on the holders, peers 1 to 5. */
  static long holderBytes() throws IOException {
    long sum = 0;
    for (int i = 1; i < PEERS; i++) {
      Path fragments = NET.dataDirectory(i).resolve("fragments");
      assertThat(fragments).as("peer " + i + "'s fragments").isDirectory();
      try (Stream<Path> all = Files.walk(fragments)) {
        for (Path p : (Iterable<Path>) all::iterator) {
          if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            sum += Files.size(p);
          }
        }
      }
    }
    return sum;
  }

  /**
   * Every entry of {@code a} is in {@code b} with the same type, mode and bytes (or link target),
   * and the same mtime (links aside); and {@code b} holds nothing more.
   */
  static void assertSameTree(Path a, Path b) throws IOException {
    Map<String, String> left = describe(a);
    Map<String, String> right = describe(b);
    assertThat(right).as("entries under " + b).hasSameSizeAs(left);
    List<String> differ = new ArrayList<>();
    for (Map.Entry<String, String> e : left.entrySet()) {
      if (!e.getValue().equals(right.get(e.getKey()))) {
        differ.add(e.getKey() + ": " + e.getValue() + " vs " + right.get(e.getKey()));
      }
    }
    assertThat(differ).as("entries that differ").isEmpty();
  }

  static Map<String, String> describe(Path root) throws IOException {
    Map<String, String> all = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (p.equals(root)) {
          continue;
        }
        Map<String, Object> a = Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        String what;
        if ((Boolean) a.get("isSymbolicLink")) {
          what = "link " + Integer.toOctalString(mode) + " -> " + Files.readSymbolicLink(p);
        } else if ((Boolean) a.get("isDirectory")) {
          what = "dir " + Integer.toOctalString(mode) + " " + a.get("lastModifiedTime");
        } else {
          what =
              "file "
                  + Integer.toOctalString(mode)
                  + " "
                  + a.get("lastModifiedTime")
                  + " "
                  + TestNetwork.sha256(p);
        }
        all.put(root.relativize(p).toString(), what);
      }
    }
    return all;
  }

  static void kill(int peer) throws Exception {
    Run kill = NET.network("kill", "" + peer);
    assertThat(kill.exitCode()).as(kill.output()).isZero();
  }

  static void randomFile(Path file, long size, long seed) throws IOException {
    Random random = new Random(seed);
    byte[] chunk = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= chunk.length) {
        random.nextBytes(chunk);
        out.write(chunk, 0, (int) Math.min(left, chunk.length));
      }
    }
  }
}
