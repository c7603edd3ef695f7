package magnus.host.control;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sends a file's bytes to the disk while the file is still being written, so that the fsync at its
 * end waits for the last few megabytes rather than for the whole file.
 *
 * <p>Why: the kernel keeps written pages in memory until a tenth of RAM is dirty or 30 s pass, so a
 * file written in a few seconds reaches the disk only at its closing fsync, and the transfer and
 * the disk then take turns instead of working at once. Every {@link #STEP_BYTES} a background
 * {@code fdatasync} starts (one at a time) while the writer goes on. Durability does not rest on
 * these: {@link #finish} always ends with a full fsync. A flush that has not started when the file
 * is finished is skipped, so a busy executor makes this no slower than a single fsync.
 *
 * <p>One writer thread calls {@link #wrote} and {@link #finish}.
 */
public final class EarlyFlush {

  /** Bytes written between two background flushes. */
  public static final long STEP_BYTES = 16L << 20;

  private final FileChannel channel;
  private final Executor executor;
  private final ReentrantLock forcing = new ReentrantLock();
  private final AtomicBoolean queued = new AtomicBoolean();
  private volatile boolean finished;
  private volatile IOException failure;
  private long unflushed;

  /**
   * @param channel the file being written; a concurrent {@code force} is safe on a FileChannel
   * @param executor runs the background flushes
   */
  public EarlyFlush(FileChannel channel, Executor executor) {
    this.channel = channel;
    this.executor = executor;
  }

  /** Counts bytes just written, and starts a background flush every {@link #STEP_BYTES}. */
  public void wrote(long bytes) {
    unflushed += bytes;
    if (unflushed >= STEP_BYTES && !finished && queued.compareAndSet(false, true)) {
      unflushed = 0;
      try {
        executor.execute(this::flush);
      } catch (RejectedExecutionException e) {
        queued.set(false);
      }
    }
  }

  private void flush() {
    forcing.lock();
    try {
      if (!finished) {
        channel.force(false);
      }
    } catch (IOException e) {
      // A disk error is the writer's to report; a channel closed after a failure is not.
      if (channel.isOpen()) {
        failure = e;
      }
    } finally {
      forcing.unlock();
      queued.set(false);
    }
  }

  /**
   * Makes every byte written durable, with the file's metadata: waits for a flush under way, then
   * fsyncs.
   *
   * @throws IOException when a background flush or the final fsync failed
   */
  public void finish() throws IOException {
    finished = true;
    forcing.lock();
    forcing.unlock();
    IOException failed = failure;
    if (failed != null) {
      throw failed;
    }
    channel.force(true);
  }
}
