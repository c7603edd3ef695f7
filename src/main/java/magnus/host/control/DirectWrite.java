package magnus.host.control;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executor;

/**
 * Writes a new file front to back past the page cache ({@code O_DIRECT}) where the file system
 * allows it, and makes it durable at {@link #finish}.
 *
 * <p>Why: the data Magnus writes (fragments held for others, restored files) is written once and
 * read rarely, and through the page cache every byte costs a copy into a fresh page of memory and
 * evicts what the host's own work had cached. On the benchmark machine 1 GB written and fsynced
 * through the cache took 2.3 s, 2.0 s of them kernel CPU; written direct, 0.67 s and 0.26 s.
 *
 * <p>{@code O_DIRECT} takes only writes whose memory, file position and length are multiples of the
 * file system's block size. Bytes are therefore gathered in an aligned buffer of {@link
 * #BUFFER_BYTES} and written a buffer at a time; the last one is padded to a whole block, and the
 * file is then truncated to its length. Where the file system refuses {@code O_DIRECT} (tmpfs), the
 * file is written through the cache instead, with an {@link EarlyFlush}. Either way {@link #finish}
 * ends with an fsync of data and metadata.
 *
 * <p>One thread writes. Closing without {@link #finish} leaves a file of unspecified content, which
 * the caller deletes.
 */
public final class DirectWrite extends OutputStream {

  /** Bytes gathered before each write to the file. */
  public static final int BUFFER_BYTES = AlignedBuffers.BUFFER_BYTES;

  private final Path file;
  private final Executor flushes;
  private final int block;
  private FileChannel channel;
  private boolean direct;
  private EarlyFlush flush;
  private ByteBuffer buffer;
  private long length;
  private long drained;

  private DirectWrite(Path file, Executor flushes) throws IOException {
    this.file = file;
    this.flushes = flushes;
    this.block = AlignedBuffers.blockSize(file);
  }

  /**
   * Opens an existing file to be written from its start; its old content is dropped.
   *
   * @param flushes runs background flushes when the file has to go through the page cache
   */
  public static DirectWrite open(Path file, Executor flushes) throws IOException {
    return open(file, flushes, true);
  }

  /** The same; {@code tryDirect} false goes through the page cache, as on a refusing system. */
  static DirectWrite open(Path file, Executor flushes, boolean tryDirect) throws IOException {
    DirectWrite out = new DirectWrite(file, flushes);
    out.channel = tryDirect ? openDirect(file) : null;
    out.direct = out.channel != null;
    if (!out.direct) {
      out.throughCache();
    }
    out.buffer = AlignedBuffers.take(out.block);
    return out;
  }

  /** The file opened {@code O_DIRECT}, or null where the file system refuses it. */
  private static FileChannel openDirect(Path file) {
    try {
      return FileChannel.open(
          file,
          StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING,
          ExtendedOpenOption.DIRECT);
    } catch (IOException | UnsupportedOperationException refused) {
      return null;
    }
  }

  /** Writes the file from its start through the page cache, flushing as it goes. */
  private void throughCache() throws IOException {
    channel =
        FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    direct = false;
    flush = new EarlyFlush(channel, flushes);
  }

  /** Whether the file bypasses the page cache. */
  public boolean direct() {
    return direct;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      int n = Math.min(len, buffer.remaining());
      buffer.put(b, off, n);
      off += n;
      len -= n;
      length += n;
      if (!buffer.hasRemaining()) {
        drain();
      }
    }
  }

  private void drain() throws IOException {
    buffer.flip();
    int bytes = buffer.remaining();
    try {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (IOException refused) {
      if (!direct || drained > 0) {
        throw refused;
      }
      // Some file systems take O_DIRECT when the file is opened and refuse the writes: go
      // through the cache from the start instead. Nothing has been written yet, so the buffer
      // holds every byte of the file, and whatever follows them is padding.
      channel.close();
      throughCache();
      buffer.position(0).limit((int) length);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }
    drained += bytes;
    buffer.clear();
    if (flush != null) {
      flush.wrote(bytes);
    }
  }

  /**
   * Writes what is still buffered and fsyncs the file, its length and its metadata.
   *
   * @throws IOException when the disk fails; the file is then not durable
   */
  public void finish() throws IOException {
    writeLast();
    if (direct) {
      channel.force(true);
    } else {
      flush.finish();
    }
  }

  /**
   * Writes what is still buffered, without making the file durable: for a working copy (a pack
   * spooled on its way to the holders) that a crash may lose, and whose fsync would only add a
   * journal commit to every backup.
   */
  public void complete() throws IOException {
    writeLast();
  }

  private void writeLast() throws IOException {
    if (direct && buffer.position() % block != 0) {
      int padded = (buffer.position() / block + 1) * block;
      while (buffer.position() < padded) {
        buffer.put((byte) 0);
      }
    }
    drain();
    if (direct) {
      channel.truncate(length);
    }
  }

  @Override
  public void close() throws IOException {
    ByteBuffer released = buffer;
    buffer = null;
    AlignedBuffers.release(channel, released);
  }
}
