package magnus.host.control;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a file front to back past the page cache ({@code O_DIRECT}) where the file system allows
 * it: for fragments, which are read whole and rarely, so that reading one neither costs a fresh
 * page of memory per 4 KB nor evicts what the host's own work had cached. Where the file system
 * refuses {@code O_DIRECT}, the file is read through the cache. See {@link DirectWrite}.
 *
 * <p>Reads go to the file in aligned blocks of {@link AlignedBuffers#BUFFER_BYTES}; a read that
 * comes back short, by a count that is not a whole number of blocks, has met the end of the file.
 */
public final class DirectRead extends BulkInputStream {

  private final FileChannel channel;
  private final int block;
  private final boolean direct;
  private ByteBuffer buffer;
  private boolean ended;

  private DirectRead(FileChannel channel, int block, boolean direct) {
    this.channel = channel;
    this.block = block;
    this.direct = direct;
    this.buffer = AlignedBuffers.take(block).flip();
  }

  /** Opens a file to be read from its start. */
  public static DirectRead open(Path file) throws IOException {
    int block = AlignedBuffers.blockSize(file);
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ, ExtendedOpenOption.DIRECT);
    } catch (IOException | UnsupportedOperationException refused) {
      return new DirectRead(FileChannel.open(file, StandardOpenOption.READ), block, false);
    }
    return new DirectRead(channel, block, true);
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!buffer.hasRemaining()) {
      fill();
      if (!buffer.hasRemaining()) {
        return -1;
      }
    }
    int n = Math.min(len, buffer.remaining());
    buffer.get(b, off, n);
    return n;
  }

  private void fill() throws IOException {
    buffer.clear();
    while (!ended && buffer.hasRemaining()) {
      int r = channel.read(buffer);
      // Past the end a read answers -1 (or 0 direct); a direct one that ends short of a whole
      // block has met the end, and the next aligned read would be refused.
      if (r < 0 || (direct && (r == 0 || r % block != 0))) {
        ended = true;
      }
    }
    buffer.flip();
  }

  /** Sends the rest of the file in chunks of a whole buffer. */
  @Override
  public long transferTo(OutputStream out) throws IOException {
    byte[] chunk = new byte[AlignedBuffers.BUFFER_BYTES];
    long sent = 0;
    for (int r; (r = read(chunk, 0, chunk.length)) >= 0; ) {
      out.write(chunk, 0, r);
      sent += r;
    }
    return sent;
  }

  @Override
  public void close() throws IOException {
    ByteBuffer released = buffer;
    buffer = null;
    AlignedBuffers.release(channel, released);
  }
}
