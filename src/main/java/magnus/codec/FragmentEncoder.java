package magnus.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Streams a file through the code, segment by segment, into n fragment streams. Skeleton. */
public final class FragmentEncoder {
  /** Default segment size: 1 MiB of file data per segment. */
  public static final int DEFAULT_SEGMENT_SIZE = 1 << 20;

  public FragmentEncoder(int k, int n, int segmentSize) {}

  /**
   * Encodes the whole of {@code in}; fragment i is written to {@code fragments[i]}.
   *
   * @return the number of file bytes read
   */
  public long encode(InputStream in, OutputStream[] fragments) throws IOException {
    throw new UnsupportedOperationException("not yet");
  }

  /** The length of every fragment of a file of {@code fileSize} bytes. */
  public static long fragmentSize(long fileSize, int k, int segmentSize) {
    throw new UnsupportedOperationException("not yet");
  }
}
