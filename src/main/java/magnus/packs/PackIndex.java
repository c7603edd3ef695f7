package magnus.packs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The index a pack carries at its end, after its blobs: what each blob is, and where. Why in the
 * pack itself and not only in the owner's database: after the loss of the owner's disk, its
 * holders' fragments are all there is, and the index of every pack is read back from them to find
 * the chunks, trees and snapshots again.
 *
 * <p>Layout, all integers big-endian: the entries, one per blob, each {@code kind} (1 byte), {@code
 * id} (32 bytes), {@code offset} (8 bytes, from the pack's start) and {@code length} (4 bytes);
 * then the footer: the number of entries (4 bytes) and the magic {@value #MAGIC} (8 bytes). The
 * footer is fixed in size, so a reader that has the pack's last {@link #FOOTER} bytes knows how
 * many more it needs.
 */
public record PackIndex(List<Entry> entries) {

  public static final String MAGIC = "MAGNUSP1";

  /** Bytes of the footer. */
  public static final int FOOTER = 4 + 8;

  /** Bytes of one entry. */
  public static final int ENTRY = 1 + 32 + 8 + 4;

  /** What a blob holds. */
  public enum Kind {
    /** A chunk of a file's contents. */
    DATA,
    /** A tree: one directory of a snapshot, encoded as JSON. */
    TREE,
    /** A snapshot: its time, paths, root tree and parent, encoded as JSON. */
    SNAPSHOT
  }

  /** One blob: its kind, its id (64 hex digits), and its bytes' place in the pack. */
  public record Entry(Kind kind, String id, long offset, int length) {
    public Entry {
      if (!isHex(id, 64)) {
        throw new IllegalArgumentException("a blob id is 64 lower-case hex digits, not " + id);
      }
      if (offset < 0 || length < 0) {
        throw new IllegalArgumentException("a blob has no negative offset or length");
      }
    }
  }

  public PackIndex {
    entries = List.copyOf(entries);
  }

  /**
   * Whether {@code s} is {@code digits} lower-case hex digits. Why not {@code
   * s.matches("[0-9a-f]{64}")}: that compiles a regular expression on every call, once per blob of
   * a backup, and on a new peer the JIT's work on the regular expression engine took 0.6
   * CPU-seconds of the first backup of 4,473 small files.
   */
  public static boolean isHex(String s, int digits) {
    if (s == null || s.length() != digits) {
      return false;
    }
    for (int i = 0; i < digits; i++) {
      char c = s.charAt(i);
      if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
        return false;
      }
    }
    return true;
  }

  /**
   * No pack holds more blobs: a pack of at most 64 MiB of chunks of at least 1 byte could hold
   * more, but an index of more than this many entries (45 MiB) is not one a writer here makes, and
   * a footer that announces more is refused before anything is allocated for it.
   */
  public static final int MAX_BLOBS = 1 << 20;

  /** Bytes of the index and footer of a pack of {@code count} blobs, at most {@link #MAX_BLOBS}. */
  public static int size(int count) {
    if (count < 0 || count > MAX_BLOBS) {
      throw new IllegalArgumentException("a pack holds 0 to " + MAX_BLOBS + " blobs, not " + count);
    }
    return count * ENTRY + FOOTER;
  }

  /** The index and footer, as they end the pack. */
  public byte[] bytes() {
    ByteBuffer out = ByteBuffer.allocate(size(entries.size())).order(ByteOrder.BIG_ENDIAN);
    for (Entry e : entries) {
      out.put((byte) e.kind().ordinal());
      out.put(HexFormat.of().parseHex(e.id()));
      out.putLong(e.offset());
      out.putInt(e.length());
    }
    out.putInt(entries.size());
    out.put(MAGIC.getBytes(StandardCharsets.US_ASCII));
    return out.array();
  }

  /**
   * How many entries the footer announces.
   *
   * @param footer the pack's last {@link #FOOTER} bytes
   * @throws IllegalArgumentException if they are not a pack's footer
   */
  public static int count(byte[] footer) {
    if (footer.length != FOOTER) {
      throw new IllegalArgumentException("a pack footer has " + FOOTER + " bytes");
    }
    ByteBuffer in = ByteBuffer.wrap(footer).order(ByteOrder.BIG_ENDIAN);
    int count = in.getInt();
    byte[] magic = new byte[8];
    in.get(magic);
    if (!MAGIC.equals(new String(magic, StandardCharsets.US_ASCII))) {
      throw new IllegalArgumentException("not a pack: its last bytes are not " + MAGIC);
    }
    if (count < 0 || count > MAX_BLOBS) {
      throw new IllegalArgumentException(
          "a pack footer announces " + count + " blobs; a pack holds 0 to " + MAX_BLOBS);
    }
    return count;
  }

  /**
   * Reads an index back from a pack's tail.
   *
   * @param tail the pack's last {@link #size size(count)} bytes
   * @param packLength the pack's whole length, to check that every blob lies before the index
   * @throws IllegalArgumentException if the tail is not a consistent index
   */
  public static PackIndex parse(byte[] tail, long packLength) {
    if (tail.length < FOOTER) {
      throw new IllegalArgumentException("a pack tail has at least " + FOOTER + " bytes");
    }
    int count = count(java.util.Arrays.copyOfRange(tail, tail.length - FOOTER, tail.length));
    if (tail.length != size(count)) {
      throw new IllegalArgumentException(
          "a pack of "
              + count
              + " blobs has a tail of "
              + size(count)
              + " bytes, not "
              + tail.length);
    }
    long blobsEnd = packLength - tail.length;
    ByteBuffer in = ByteBuffer.wrap(tail).order(ByteOrder.BIG_ENDIAN);
    List<Entry> entries = new ArrayList<>(count);
    byte[] id = new byte[32];
    for (int i = 0; i < count; i++) {
      int kind = in.get();
      if (kind < 0 || kind >= Kind.values().length) {
        throw new IllegalArgumentException("blob " + i + " has an unknown kind " + kind);
      }
      in.get(id);
      Entry e =
          new Entry(Kind.values()[kind], HexFormat.of().formatHex(id), in.getLong(), in.getInt());
      if (e.offset() > blobsEnd - e.length()) {
        throw new IllegalArgumentException("blob " + i + " runs past the pack's blobs");
      }
      entries.add(e);
    }
    return new PackIndex(entries);
  }
}
