package magnus.snapshots.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongConsumer;
import magnus.host.control.Failures;
import magnus.packs.Tree;
import magnus.recovery.control.FileRestore;
import magnus.recovery.control.RestoreException;
import magnus.snapshots.entity.Pack;

/**
 * Reads blobs back out of packs. A reading session fetches each pack it needs once, whole, from k
 * of its holders (as a file is restored, every fragment checked against its hash), into a spool
 * file that lives as long as the session; each blob read out of it is checked against its id, a
 * keyed hash of its bytes, before it is used.
 */
@ApplicationScoped
public class PackReader {

  @Inject SnapshotStore store;
  @Inject FileRestore restore;
  @Inject PackUploads uploads;
  @Inject OwnerKeys keys;

  /** A blob that cannot be had, and why. */
  public static final class BlobException extends Exception {
    private static final long serialVersionUID = 1L;

    public BlobException(String message) {
      super(message);
    }
  }

  /** Opens a reading session; close it to drop its spooled packs. */
  public Session open(LongConsumer fetched) throws IOException {
    Path dir = Files.createTempDirectory(uploads.spool(), "read-");
    return new Session(dir, fetched);
  }

  /** Fetched packs of one reader. Used by one thread. */
  public final class Session implements AutoCloseable {
    private final Path dir;
    private final LongConsumer fetched;
    private final Map<String, FileChannel> packs = new HashMap<>();
    private final Map<String, String> failed = new HashMap<>();
    private final Map<String, Tree> trees = new HashMap<>();

    Session(Path dir, LongConsumer fetched) {
      this.dir = dir;
      this.fetched = fetched;
    }

    /** A tree, from the cache or its pack. */
    public Tree tree(String id) throws BlobException {
      Tree t = trees.get(id);
      if (t != null) {
        return t;
      }
      byte[] bytes = store.cachedTree(id).orElse(null);
      if (bytes == null) {
        SnapshotStore.Place place = store.places(java.util.List.of(id)).get(id);
        if (place == null) {
          throw new BlobException("tree " + id + " is not recorded");
        }
        bytes = blob(place);
        store.cacheTree(id, bytes);
      }
      try {
        t = Tree.parse(bytes);
      } catch (IllegalArgumentException e) {
        throw new BlobException("tree " + id + " cannot be read: " + e.getMessage());
      }
      trees.put(id, t);
      return t;
    }

    /** A blob's bytes, checked against its id. */
    public byte[] blob(SnapshotStore.Place place) throws BlobException {
      FileChannel pack = pack(place.packId());
      byte[] bytes = new byte[place.length()];
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      try {
        while (buffer.hasRemaining()) {
          int r = pack.read(buffer, place.offset() + buffer.position());
          if (r < 0) {
            throw new BlobException(
                "blob " + place.id() + " lies past the end of pack " + place.packId());
          }
        }
      } catch (IOException e) {
        throw new BlobException("cannot read pack " + place.packId() + ": " + Failures.describe(e));
      }
      String id = keys.keys().id(bytes, 0, bytes.length);
      if (!id.equals(place.id())) {
        throw new BlobException(
            "blob " + place.id() + " of pack " + place.packId() + " fails its check");
      }
      return bytes;
    }

    private FileChannel pack(String id) throws BlobException {
      FileChannel open = packs.get(id);
      if (open != null) {
        return open;
      }
      String failure = failed.get(id);
      if (failure != null) {
        throw new BlobException(failure);
      }
      Pack pack =
          store.pack(id).orElseThrow(() -> new BlobException("pack " + id + " is not recorded"));
      Path file = dir.resolve(id + ".pack");
      try {
        restore.restore(
            pack.asObject(),
            file,
            new FileRestore.Listener() {
              @Override
              public void progress(long bytes) {}

              @Override
              public void setAside(
                  String peerUrl, int index, FileRestore.SetAside why, String detail) {}
            });
        fetched.accept(pack.size());
        open = FileChannel.open(file, StandardOpenOption.READ);
      } catch (RestoreException e) {
        String why = "pack " + id + ": " + e.getMessage();
        failed.put(id, why);
        throw new BlobException(why);
      } catch (IOException e) {
        String why = "pack " + id + ": " + Failures.describe(e);
        failed.put(id, why);
        throw new BlobException(why);
      }
      packs.put(id, open);
      return open;
    }

    @Override
    public void close() {
      for (FileChannel c : packs.values()) {
        try {
          c.close();
        } catch (IOException e) {
          // Deleted next.
        }
      }
      try (var files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.deleteIfExists(f);
        }
        Files.deleteIfExists(dir);
      } catch (IOException e) {
        // A spool left behind is removed when the next run of this peer starts.
      }
    }
  }
}
