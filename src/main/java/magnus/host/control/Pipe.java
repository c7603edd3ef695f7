package magnus.host.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded hand-over of bytes from one thread to another: from the encoder to one fragment upload
 * in a backup, so that a fragment streams to its holder while the file is read, and from a fragment
 * download to the decoder in a restore, so that the fragments are read and hashed on threads of
 * their own. No fragment is ever held whole in memory.
 *
 * <p>One side failing must never stall the other: when the reader gives up, {@link #abandon} makes
 * every later write return at once (the encoder goes on feeding the other fragments), and when the
 * reader stops reading without failing, a write gives up after {@code stall} and abandons the pipe
 * itself. When the writer gives up, the reader's next read fails with the reason.
 */
public final class Pipe {

  private static final byte[] END = new byte[0];

  private final BlockingQueue<byte[]> chunks;
  private final long stallNanos;
  private volatile String abandoned;

  /**
   * @param capacity chunks buffered before the writer waits
   * @param stallSeconds how long a write waits for the reader before the pipe is abandoned
   */
  public Pipe(int capacity, long stallSeconds) {
    this.chunks = new ArrayBlockingQueue<>(capacity);
    this.stallNanos = TimeUnit.SECONDS.toNanos(stallSeconds);
  }

  /** Gives the pipe up: writes are dropped from now on and the reader sees an error. */
  public void abandon(String reason) {
    if (abandoned == null) {
      abandoned = reason;
    }
    chunks.clear();
  }

  /** Why the pipe was given up, or null while it is in use. */
  public String abandoned() {
    return abandoned;
  }

  /** The encoder's end. Closing it marks the end of the fragment. */
  public OutputStream sink() {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (len > 0) {
          hand(java.util.Arrays.copyOfRange(b, off, off + len));
        }
      }

      @Override
      public void close() throws IOException {
        hand(END);
      }
    };
  }

  private void hand(byte[] chunk) throws IOException {
    long deadline = System.nanoTime() + stallNanos;
    try {
      while (abandoned == null) {
        if (chunks.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
          return;
        }
        if (System.nanoTime() - deadline > 0) {
          abandon("the peer stopped reading for " + (stallNanos / 1_000_000_000L) + " s");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while handing a fragment to its upload");
    }
  }

  /** The upload's end: the fragment's bytes, then end of stream. */
  public InputStream source() {
    return new BulkInputStream() {
      private byte[] chunk;
      private int pos;
      private boolean ended;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        while (chunk == null || pos == chunk.length) {
          if (ended) {
            return -1;
          }
          chunk = next();
          pos = 0;
          if (chunk == END) {
            ended = true;
            chunk = null;
            return -1;
          }
        }
        int n = Math.min(len, chunk.length - pos);
        System.arraycopy(chunk, pos, b, off, n);
        pos += n;
        return n;
      }

      @Override
      public void close() {
        if (!ended) {
          abandon("the upload closed its stream early");
        }
      }
    };
  }

  private byte[] next() throws IOException {
    try {
      while (true) {
        String reason = abandoned;
        if (reason != null) {
          throw new IOException(reason);
        }
        byte[] chunk = chunks.poll(100, TimeUnit.MILLISECONDS);
        if (chunk != null) {
          return chunk;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for fragment bytes");
    }
  }
}
