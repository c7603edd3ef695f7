package magnus.host.control;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that implements only its bulk read; the single-byte read goes through it. For the
 * streams that hand bytes from one thread to another, where the bulk read holds all the logic.
 */
public abstract class BulkInputStream extends InputStream {

  @Override
  public final int read() throws IOException {
    byte[] one = new byte[1];
    int r = read(one, 0, 1);
    return r < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public abstract int read(byte[] b, int off, int len) throws IOException;
}
