package magnus.snapshots.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import magnus.codec.CodeParameters;
import magnus.host.control.Failures;
import magnus.host.control.Settings;
import magnus.packs.ChunkKeys;
import magnus.packs.PackIndex;
import magnus.packs.SnapshotRecord;
import magnus.packs.Tree;
import magnus.snapshots.entity.Pack;
import magnus.snapshots.entity.Snapshot;

/**
 * Deletes a path from every snapshot. Each snapshot that holds the path is recorded again, with its
 * own time and counts but a new id, with the path's entry gone from its trees; the snapshot it
 * replaces is forgotten in the same transaction, so that at every moment exactly one of the two is
 * listed. A snapshot whose paths all lie at or under the path has nothing left and is forgotten.
 *
 * <p>Why a new id rather than the old one with a new tree: a snapshot's record is a blob on its
 * holders under that id, and a whole-host recovery that found both the old record (its removal
 * still pending on an offline holder) and the new one under one id could not tell which is the
 * truth. The chunks that only the path referenced stay stored until a prune, as after a forget.
 */
@ApplicationScoped
public class PathDeletion {

  static final Logger LOG = Logger.getLogger(PathDeletion.class.getName());

  @Inject SnapshotStore store;
  @Inject PackUploads uploads;
  @Inject PackReader reader;
  @Inject OwnerKeys ownerKeys;
  @Inject Settings settings;

  /** A snapshot recorded again without the path. */
  public record Replaced(String snapshot, String by, List<String> paths) {}

  /** What a deletion did: the snapshots replaced and those forgotten, oldest last. */
  public record Outcome(List<Replaced> replaced, List<Snapshot> forgotten) {
    /** Whether no snapshot held the path. */
    public boolean none() {
      return replaced.isEmpty() && forgotten.isEmpty();
    }
  }

  /** A deletion that could not store its new trees or records; the message says which and why. */
  public static final class DeletionException extends Exception {
    private static final long serialVersionUID = 1L;

    DeletionException(String message) {
      super(message);
    }
  }

  /** One snapshot to record again. */
  private record Plan(Snapshot old, List<String> paths, String tree) {}

  /**
   * Deletes {@code path} from every snapshot that holds it. Nothing changes when its new trees
   * cannot all be stored; when a record cannot be stored, the snapshots replaced before it stay
   * replaced and the others stay as they were.
   *
   * @param path an absolute, normalized path other than {@code /}
   * @throws PackReader.BlobException when a tree of a snapshot cannot be read
   * @throws DeletionException when a new tree or record cannot be stored
   */
  public Outcome delete(Path path) throws PackReader.BlobException, DeletionException {
    String p = path.toString();
    if (path.getNameCount() == 0) {
      throw new IllegalArgumentException("a deletion of / would forget every snapshot");
    }
    ChunkKeys keys = ownerKeys.keys();
    List<Plan> plans = new ArrayList<>();
    List<Snapshot> forgotten = new ArrayList<>();
    try (PackReader.Session session = reader.open(b -> {});
        Rewrite rewrite = new Rewrite(session, keys, path)) {
      for (Snapshot s : store.snapshots()) {
        if (!s.touches(p)) {
          continue;
        }
        List<String> left =
            s.paths().stream().filter(q -> !q.equals(p) && !q.startsWith(p + "/")).toList();
        if (left.isEmpty()) {
          forgotten.add(s);
          continue;
        }
        rewrite.code = codeOf(s);
        String root = rewrite.without(s.tree(), 0);
        if (root == null && left.size() == s.paths().size()) {
          continue;
        }
        plans.add(new Plan(s, left, root == null ? s.tree() : root));
      }
      List<String> failures = rewrite.batch == null ? List.of() : rewrite.batch.finish(() -> {});
      if (!failures.isEmpty()) {
        throw new DeletionException(
            "no snapshot changed: cannot store the new trees: " + PackUploads.summary(failures));
      }
    } catch (IOException e) {
      throw new DeletionException("no snapshot changed: " + Failures.describe(e));
    }
    List<Replaced> replaced = new ArrayList<>();
    for (Plan plan : plans) {
      Snapshot old = plan.old();
      String id = PackUploads.newId();
      CodeParameters code = codeOf(old);
      PackUploads.StoredRecord stored;
      try {
        stored =
            uploads.storeRecord(
                code,
                keys,
                new SnapshotRecord(
                    id, old.createdAt().toString(), plan.paths(), plan.tree(), old.parent()));
      } catch (IOException e) {
        stored = new PackUploads.StoredRecord(null, 0, List.of(Failures.describe(e)));
      }
      if (!stored.failures().isEmpty()) {
        List<String> still = new ArrayList<>();
        plans.subList(replaced.size(), plans.size()).forEach(left -> still.add(left.old().id()));
        forgotten.forEach(s -> still.add(s.id()));
        throw new DeletionException(
            partlyDone(p, replaced.size(), still, PackUploads.summary(stored.failures())));
      }
      store.replace(
          old,
          new Snapshot(
              id,
              old.createdAt(),
              plan.paths(),
              plan.tree(),
              old.parent(),
              stored.packId(),
              old.filesNew(),
              old.filesChanged(),
              old.filesUnchanged(),
              old.bytesAdded()));
      replaced.add(new Replaced(old.id(), id, plan.paths()));
      LOG.info(() -> "snapshot " + old.id() + " recorded again without " + p + " as " + id);
    }
    for (Snapshot s : forgotten) {
      store.forget(s);
      LOG.info(() -> "snapshot " + s.id() + " forgotten: it held nothing but " + p);
    }
    return new Outcome(replaced, forgotten);
  }

  /**
   * Why a deletion stopped after {@code replaced} snapshots were recorded again without {@code
   * path}: it names every snapshot that still holds the path (those not yet recorded again, and
   * those that held nothing else and were not forgotten), and how to finish.
   */
  static String partlyDone(String path, int replaced, List<String> still, String failure) {
    return replaced
        + " of "
        + (replaced + still.size())
        + " snapshots holding "
        + path
        + " were changed; "
        + (still.size() == 1 ? "snapshot " : "snapshots ")
        + String.join(", ", still)
        + (still.size() == 1 ? " still holds it" : " still hold it")
        + " (a record cannot be stored: "
        + failure
        + "); delete the path again once enough peers are live";
  }

  /**
   * The code a snapshot's record was stored with, which its new trees and record are stored with
   * too: the network had enough peers for it.
   */
  CodeParameters codeOf(Snapshot s) {
    return store
        .pack(s.recordPack())
        .map(Pack::code)
        .orElse(new CodeParameters(settings.defaultK(), settings.defaultN()));
  }

  /** The trees of one deletion, each new one stored once. */
  private final class Rewrite implements AutoCloseable {
    final PackReader.Session session;
    final ChunkKeys keys;
    final Path path;
    final Set<String> added = new HashSet<>();

    /** The code of the snapshot being rewritten: the first one's is the batch's. */
    CodeParameters code;

    /** The new trees' packs, opened with the first new tree. */
    PackUploads.Batch batch;

    Rewrite(PackReader.Session session, ChunkKeys keys, Path path) {
      this.session = session;
      this.keys = keys;
      this.path = path;
    }

    @Override
    public void close() {
      if (batch != null) {
        batch.close();
      }
    }

    /**
     * The tree {@code id}, the tree of the path's {@code depth}-th ancestor, without the path.
     *
     * @return the new tree's id, or null when the path is not in it
     */
    String without(String id, int depth) throws PackReader.BlobException, IOException {
      Tree tree = session.tree(id);
      String name = path.getName(depth).toString();
      List<Tree.Node> nodes = new ArrayList<>(tree.nodes().size());
      boolean changed = false;
      for (Tree.Node n : tree.nodes()) {
        if (!n.name().equals(name)) {
          nodes.add(n);
        } else if (depth == path.getNameCount() - 1) {
          changed = true;
        } else if (n.type() == Tree.Type.DIR) {
          String below = without(n.subtree(), depth + 1);
          if (below == null) {
            nodes.add(n);
          } else {
            changed = true;
            nodes.add(
                new Tree.Node(
                    n.name(),
                    n.type(),
                    n.mode(),
                    n.mtime(),
                    n.size(),
                    n.uid(),
                    n.gid(),
                    n.inode(),
                    n.ctime(),
                    n.content(),
                    below,
                    n.target()));
          }
        } else {
          nodes.add(n);
        }
      }
      if (!changed) {
        return null;
      }
      byte[] bytes = new Tree(nodes).bytes();
      String newId = keys.id(bytes, 0, bytes.length);
      if (added.add(newId) && !store.hasBlob(newId)) {
        if (batch == null) {
          batch = uploads.batch(code);
        }
        batch.add(PackIndex.Kind.TREE, newId, bytes, 0, bytes.length);
      }
      return newId;
    }
  }
}
