package magnus.packs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Cuts a stream into chunks at content-defined boundaries, with FastCDC (Xia et al., "FastCDC: a
 * Fast and Efficient Content-Defined Chunking Approach for Data Deduplication", USENIX ATC 2016): a
 * gear hash over the last 64 bytes, a boundary where its top bits are all zero, with normalized
 * chunking (a harder condition before the average size, an easier one after) so that chunk sizes
 * cluster around the average. Why content-defined: an insertion near the start of a file moves
 * every later byte, and fixed-size blocks would all change; here only the chunks around the edit
 * do, and the others are found again by their ids.
 *
 * <p>The gear table is derived from a key (the owner's, see {@link ChunkKeys#gear}), as restic
 * picks a random polynomial per repository: with a public table, the sizes of a holder's packs
 * would tell which known files they hold.
 *
 * <p>Sizes are restic's: no chunk is shorter than {@link #MIN_SIZE} unless the stream ends, none
 * longer than {@link #MAX_SIZE}, and they average about {@link #AVERAGE_SIZE} on data without
 * repeats. A stream shorter than the minimum is one chunk. Not thread-safe; it holds one buffer of
 * up to {@link #BUFFER_SIZE} bytes, sized to the stream when its length is known and small.
 */
public final class Chunker {

  public static final int MIN_SIZE = 512 << 10;
  public static final int AVERAGE_SIZE = 1 << 20;
  public static final int MAX_SIZE = 8 << 20;

  /**
   * The buffer of a stream longer than a maximal chunk: twice one. Why twice: the bytes after a
   * chunk are moved to the buffer's start only when fewer than {@link #MAX_SIZE} bytes of room are
   * left after them, so each byte is moved at most once. A buffer of one maximal chunk moved the
   * whole rest (7 MiB) after every chunk of 1 MiB: 7 bytes of copy per byte of a big file.
   */
  static final int BUFFER_SIZE = 2 * MAX_SIZE;

  /**
   * The boundary conditions, on the hash's top bits (which depend on the last 64 bytes; the low
   * bits depend on fewer): 22 of them before the average size, 18 after, FastCDC's normalization
   * level 2 around 2^20.
   */
  static final long MASK_HARD = -1L << (64 - 22);

  static final long MASK_EASY = -1L << (64 - 18);

  private final long[] gear;
  private final InputStream in;
  private byte[] buffer;
  private int start;
  private int end;
  private boolean eof;

  /**
   * A chunker over {@code in}.
   *
   * @param gear the table of {@link #gear(byte[])}
   * @param sizeHint the stream's length when known (a file's size), else -1; only sizes the buffer
   */
  public Chunker(long[] gear, InputStream in, long sizeHint) {
    if (gear.length != 256) {
      throw new IllegalArgumentException("a gear table has 256 entries, not " + gear.length);
    }
    this.gear = gear;
    this.in = Objects.requireNonNull(in, "in");
    // One byte more than the hint: the end of the stream is seen only by a read that finds no
    // more room taken, and a buffer of exactly the hint would be grown for it.
    int size = sizeHint >= 0 && sizeHint < MAX_SIZE ? (int) sizeHint + 1 : BUFFER_SIZE;
    this.buffer = new byte[size];
  }

  /**
   * The gear table for a key: entry i is the first 8 bytes of HMAC-SHA-256(key, "gear" || i).
   *
   * @param key at least 16 bytes
   */
  public static long[] gear(byte[] key) {
    if (key.length < 16) {
      throw new IllegalArgumentException("a gear key has at least 16 bytes, not " + key.length);
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      long[] table = new long[256];
      for (int i = 0; i < 256; i++) {
        mac.update("gear".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] out = mac.doFinal(new byte[] {(byte) i});
        table[i] = ByteBuffer.wrap(out).order(ByteOrder.BIG_ENDIAN).getLong();
      }
      return table;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no HmacSHA256", e);
    }
  }

  /**
   * A chunk: {@code length} bytes of {@code bytes} from {@code offset}, valid until the next call.
   */
  public record Chunk(byte[] bytes, int offset, int length) {
    /** A copy of the chunk's bytes. */
    public byte[] copy() {
      return Arrays.copyOfRange(bytes, offset, offset + length);
    }
  }

  /**
   * The next chunk, or null at the end of the stream. The chunk's bytes are this chunker's buffer:
   * use them before the next call.
   */
  public Chunk next() throws IOException {
    fill();
    int available = end - start;
    if (available == 0) {
      return null;
    }
    int length = cut(buffer, start, available);
    Chunk chunk = new Chunk(buffer, start, length);
    start += length;
    return chunk;
  }

  /** Reads until the buffer holds a maximal chunk's worth after its start, or the stream ends. */
  private void fill() throws IOException {
    if (eof || end - start >= MAX_SIZE) {
      return;
    }
    if (start > 0 && buffer.length - start < MAX_SIZE) {
      System.arraycopy(buffer, start, buffer, 0, end - start);
      end -= start;
      start = 0;
    }
    while (!eof && end - start < MAX_SIZE) {
      if (end == buffer.length) {
        // The size hint was short (the file grew): grow up to the full buffer.
        buffer =
            Arrays.copyOf(buffer, (int) Math.min(BUFFER_SIZE, Math.max(2L * buffer.length, 1)));
      }
      int r = in.read(buffer, end, buffer.length - end);
      if (r < 0) {
        eof = true;
      } else {
        end += r;
      }
    }
  }

  /**
   * Where the chunk that starts at {@code offset} ends: its length. Fewer than {@link #MAX_SIZE}
   * bytes available means that the stream ends after them.
   */
  int cut(byte[] bytes, int offset, int available) {
    if (available <= MIN_SIZE) {
      return available; // at the end only: fill() reads MAX_SIZE bytes unless the stream ends
    }
    int limit = Math.min(available, MAX_SIZE);
    int normal = Math.min(limit, AVERAGE_SIZE);
    long hash = 0;
    int i = MIN_SIZE;
    // FastCDC starts hashing at the minimum size; the hash then depends only on the 64 bytes
    // before each position, so a boundary stays where it is whatever came before the chunk.
    for (int warm = MIN_SIZE - 64; warm < MIN_SIZE; warm++) {
      hash = (hash << 1) + gear[bytes[offset + warm] & 0xff];
    }
    for (; i < normal; i++) {
      hash = (hash << 1) + gear[bytes[offset + i] & 0xff];
      if ((hash & MASK_HARD) == 0) {
        return i + 1;
      }
    }
    for (; i < limit; i++) {
      hash = (hash << 1) + gear[bytes[offset + i] & 0xff];
      if ((hash & MASK_EASY) == 0) {
        return i + 1;
      }
    }
    return limit;
  }
}
