package magnus.filemap.control;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.Supplier;
import magnus.fragments.control.FragmentHeaders;
import magnus.host.control.BulkInputStream;
import magnus.host.control.Sha256;

/**
 * The body of a fragment upload: the fragment's bytes, hashed as the upload reads them, then the
 * trailer with their SHA-256 and the owner's metadata ({@code docs/protocol.md}).
 *
 * <p>Why hash here: the upload's thread reads this stream, so the n fragments of a file are hashed
 * on n threads at once rather than on the thread that reads and codes the file.
 */
final class TrailedFragment extends BulkInputStream {

  private final InputStream fragment;
  private final Supplier<String> metadata;
  private final MessageDigest digest = Sha256.digest();
  private volatile String sha256;
  private byte[] trailer;
  private int position;

  /**
   * @param fragment the fragment's bytes
   * @param metadata the owner's metadata, base64; asked for when the fragment's bytes have ended,
   *     and must be known by then
   */
  TrailedFragment(InputStream fragment, Supplier<String> metadata) {
    this.fragment = fragment;
    this.metadata = metadata;
  }

  /** The SHA-256 of the fragment's bytes, once they have all been read; null before. */
  String sha256() {
    return sha256;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (trailer == null) {
      int r = fragment.read(b, off, len);
      if (r >= 0) {
        digest.update(b, off, r);
        return r;
      }
      String meta = metadata.get();
      if (meta == null) {
        throw new IOException("the fragment ended before the file's metadata was known");
      }
      String sha = HexFormat.of().formatHex(digest.digest());
      trailer = FragmentHeaders.trailer(sha, meta);
      sha256 = sha;
    }
    if (position == trailer.length) {
      return -1;
    }
    int n = Math.min(len, trailer.length - position);
    System.arraycopy(trailer, position, b, off, n);
    position += n;
    return n;
  }

  @Override
  public void close() throws IOException {
    fragment.close();
  }
}
