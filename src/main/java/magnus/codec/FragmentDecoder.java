package magnus.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/** Rebuilds a file from any k of its fragment streams. Skeleton. */
public final class FragmentDecoder {
  public FragmentDecoder(int k, int n, int segmentSize) {}

  /**
   * Reads k or more fragments (keyed by fragment index) and writes exactly {@code fileSize} bytes
   * of the original file to {@code out}.
   */
  public void decode(long fileSize, Map<Integer, InputStream> fragments, OutputStream out)
      throws IOException {
    throw new UnsupportedOperationException("not yet");
  }
}
