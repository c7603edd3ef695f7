package magnus.fragments.boundary;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One range of a retrieve's {@code Range} header (RFC 9110, section 14): {@code bytes=FIRST-LAST},
 * {@code bytes=FIRST-} or {@code bytes=-SUFFIX}. Why a retrieve takes one: a pack holds many
 * chunks, and a restore of a small file needs a few kilobytes of it, which a systematic code puts
 * at known offsets of known data fragments. One range only: nothing in Magnus asks for more, and a
 * multipart answer would be a second format to get right.
 *
 * @param first the first byte, from 0
 * @param length bytes in the range, at least 1
 */
record ByteRange(long first, long length) {

  private static final Pattern FORM = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

  /** The last byte of the range. */
  long last() {
    return first + length - 1;
  }

  /** The {@code Content-Range} of this range of a fragment of {@code size} bytes. */
  String contentRange(long size) {
    return "bytes " + first + "-" + last() + "/" + size;
  }

  /** Why a header was not taken: malformed (400) or outside the fragment (416). */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final boolean unsatisfiable;

    Refused(boolean unsatisfiable, String detail) {
      super(detail);
      this.unsatisfiable = unsatisfiable;
    }
  }

  /**
   * The range a header asks for in a fragment of {@code size} bytes; empty without a header (the
   * whole fragment). A last byte past the end is cut to the end, as RFC 9110 has it.
   *
   * @throws Refused when the header is not one byte range, or the range starts past the end
   */
  static Optional<ByteRange> parse(String header, long size) {
    if (header == null) {
      return Optional.empty();
    }
    Matcher m = FORM.matcher(header.strip());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      throw new Refused(
          false,
          "Range: "
              + header
              + " is not one byte range; send bytes=FIRST-LAST, bytes=FIRST- or bytes=-SUFFIX");
    }
    long first;
    long last;
    if (m.group(1).isEmpty()) {
      long suffix = Long.parseLong(m.group(2));
      if (suffix == 0 || size == 0) {
        throw new Refused(true, "Range: " + header + " asks for no byte of " + size);
      }
      first = Math.max(0, size - suffix);
      last = size - 1;
    } else {
      first = Long.parseLong(m.group(1));
      last = m.group(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(m.group(2));
      if (last < first) {
        throw new Refused(
            false, "Range: " + header + " ends before it starts; the last byte comes second");
      }
      if (first >= size) {
        throw new Refused(
            true, "Range: " + header + " starts past the fragment's " + size + " bytes");
      }
      last = Math.min(last, size - 1);
    }
    return Optional.of(new ByteRange(first, last - first + 1));
  }
}
