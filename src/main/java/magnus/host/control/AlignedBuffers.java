package magnus.host.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The block-aligned direct buffers of {@link DirectWrite} and {@link DirectRead}, kept for reuse
 * because allocating direct memory is slow.
 */
final class AlignedBuffers {

  /** Bytes of file moved by each read or write. */
  static final int BUFFER_BYTES = 1 << 20;

  private static final int MAX_SPARE = 16;

  private static final ConcurrentLinkedQueue<ByteBuffer> SPARE = new ConcurrentLinkedQueue<>();

  private AlignedBuffers() {}

  /** The block size that {@code O_DIRECT} reads and writes of this file must be multiples of. */
  static int blockSize(Path file) throws IOException {
    return (int) Math.max(512, Files.getFileStore(file).getBlockSize());
  }

  /** An empty buffer of {@link #BUFFER_BYTES}, aligned to {@code block} (a power of two). */
  static ByteBuffer take(int block) {
    ByteBuffer spare = SPARE.poll();
    if (spare == null || spare.alignmentOffset(0, block) != 0) {
      spare = ByteBuffer.allocateDirect(BUFFER_BYTES + block).alignedSlice(block);
    }
    return spare.clear().limit(BUFFER_BYTES);
  }

  static void give(ByteBuffer buffer) {
    if (SPARE.size() < MAX_SPARE) {
      SPARE.offer(buffer);
    }
  }

  /** Closes a file's channel and keeps its buffer, if it still had one, for reuse. */
  static void release(FileChannel channel, ByteBuffer buffer) throws IOException {
    try {
      channel.close();
    } finally {
      if (buffer != null) {
        give(buffer);
      }
    }
  }
}
