package magnus.host.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ThreadFactory;

/**
 * Reads a stream on a thread of its own, hashing it (SHA-256) as it goes, and hands its bytes over
 * through a bounded {@link Pipe}. Why: hashing costs about as much as everything else a backup or
 * restore does with a byte, and on the thread that also codes the file it made that thread the
 * bottleneck, while the other core waited.
 *
 * <p>The stream remembers the first failure, of the reading thread or of the reader. Closing it
 * before the end stops the reading thread, which closes the source.
 */
public final class ReadAhead extends BulkInputStream {

  static final int CHUNK = 1 << 16;

  private final InputStream source;
  private final Pipe pipe;
  private final InputStream handed;

  /** Null when the caller has the stream's hash already, or needs none. */
  private final MessageDigest digest;

  private volatile IOException failure;
  private volatile String sha256;

  /**
   * Starts reading {@code source} at once.
   *
   * @param threads makes the reading thread
   * @param stallSeconds how long the reading thread waits for the reader before it gives up
   */
  public ReadAhead(InputStream source, ThreadFactory threads, long stallSeconds) {
    this(source, threads, stallSeconds, true);
  }

  /**
   * Starts reading {@code source} at once, hashing it only when {@code hash} is true: a pack needs
   * no hash of its whole bytes (see {@code FileBackup.backupPack}), and a hash costs about as much
   * as everything else its backup does with a byte.
   */
  public ReadAhead(InputStream source, ThreadFactory threads, long stallSeconds, boolean hash) {
    this.digest = hash ? Sha256.digest() : null;
    this.source = source;
    this.pipe = new Pipe(32, stallSeconds);
    this.handed = pipe.source();
    Thread reader = threads.newThread(this::readAll);
    if (reader == null) {
      throw new IllegalStateException("no thread to read ahead on");
    }
    reader.start();
  }

  private void readAll() {
    byte[] buffer = new byte[CHUNK];
    try (InputStream in = source) {
      OutputStream sink = pipe.sink();
      for (int r; (r = in.read(buffer)) >= 0; ) {
        if (pipe.abandoned() != null) {
          return; // the reader is done with this stream
        }
        if (digest != null) {
          digest.update(buffer, 0, r);
        }
        sink.write(buffer, 0, r);
      }
      sha256 = digest == null ? null : HexFormat.of().formatHex(digest.digest());
      sink.close();
    } catch (IOException | RuntimeException e) {
      failure = e instanceof IOException io ? io : new IOException(e);
      pipe.abandon(Failures.describe(e));
    }
  }

  /**
   * The SHA-256 of every byte of the source, once this stream has been read to its end; null when
   * it was made not to hash.
   */
  public String sha256() {
    return sha256;
  }

  /** The first failure, of the reading thread or of a read; null while there is none. */
  public IOException failure() {
    return failure;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      return handed.read(b, off, len);
    } catch (IOException e) {
      if (failure == null) {
        failure = e;
      }
      throw e;
    }
  }

  @Override
  public void close() {
    pipe.abandon("the reader closed the stream");
  }
}
