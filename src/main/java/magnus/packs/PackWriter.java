package magnus.packs;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Lays blobs end to end into one pack, then its {@link PackIndex}. The pack streams to {@code out}
 * as it is written (to the encoder of its fragments, or a spool file); only the index is held, an
 * entry a blob (45 bytes in the pack, a few times that on the heap). Not thread-safe.
 */
public final class PackWriter {

  private final OutputStream out;
  private final List<PackIndex.Entry> entries = new ArrayList<>();
  private long length;
  private boolean finished;

  public PackWriter(OutputStream out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  /** Appends a blob whose id the caller computed ({@link ChunkKeys#id} for a chunk). */
  public void add(PackIndex.Kind kind, String id, byte[] bytes, int offset, int count)
      throws IOException {
    if (finished) {
      throw new IllegalStateException("the pack is finished");
    }
    PackIndex.Entry entry = new PackIndex.Entry(kind, id, length, count);
    // Written before it is indexed: a failed write must leave no entry for bytes not there.
    out.write(bytes, offset, count);
    entries.add(entry);
    length += count;
  }

  /** Bytes of blobs so far. */
  public long blobBytes() {
    return length;
  }

  /** Blobs so far. */
  public int blobs() {
    return entries.size();
  }

  /** The pack's length once finished, with this many blobs: blobs and index. */
  public long finishedLength() {
    return length + PackIndex.size(entries.size());
  }

  /** Writes the index; the pack is complete. Does not close {@code out}. */
  public PackIndex finish() throws IOException {
    if (finished) {
      throw new IllegalStateException("the pack is finished");
    }
    finished = true;
    PackIndex index = new PackIndex(entries);
    out.write(index.bytes());
    return index;
  }
}
