package magnus.fragments.control;

import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import magnus.codec.CodeParameters;
import magnus.fragments.entity.FragmentHeader;
import magnus.fragments.entity.FragmentTrailer;

/**
 * The rules every fragment header and fragment key follow, whatever they travelled in. The code (k,
 * n) is {@link CodeParameters}'s rule; the rest is the FileDatabase's own. Numbers are checked as
 * {@code long}s before they are narrowed, so that a value past 2^31 is refused, not wrapped. Every
 * refusal is a {@link FragmentException.Reason#INVALID} that names the field and the fix.
 */
public final class FragmentRules {

  /** Base64 characters of metadata at most: it travels in one HTTP header. */
  public static final int MAX_METADATA_CHARS = 4096;

  static final Pattern OWNER_ID = Pattern.compile("[0-9a-f]{32}");
  static final Pattern FILE_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
  static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  private FragmentRules() {}

  /**
   * A header announced before its body, all but the SHA-256 and the metadata, from numbers as large
   * as they came.
   */
  public static FragmentHeader announced(
      String owner,
      String fileId,
      long version,
      long index,
      long k,
      long n,
      long fileSize,
      long segmentSize,
      long length) {
    key(owner, fileId, version, index);
    Optional<String> code = CodeParameters.problem(k, n);
    if (code.isPresent()) {
      throw FragmentException.invalid(code.get());
    }
    if (index >= n) {
      throw FragmentException.invalid(
          "index is " + index + " with n=" + n + "; the index must be below n");
    }
    if (fileSize < 0) {
      throw FragmentException.invalid(
          "file size is " + fileSize + "; send the file's size in bytes, 0 or more");
    }
    if (segmentSize < 1 || segmentSize > Integer.MAX_VALUE) {
      throw FragmentException.invalid(
          "segment size is "
              + segmentSize
              + "; send the codec's segment size, 1 to "
              + Integer.MAX_VALUE);
    }
    if (length < 0) {
      throw FragmentException.invalid(
          "length is " + length + "; send the fragment's size in bytes, 0 or more");
    }
    return new FragmentHeader(
        owner,
        fileId,
        (int) version,
        (int) index,
        (int) k,
        (int) n,
        fileSize,
        (int) segmentSize,
        length,
        null,
        null);
  }

  /** Checks every field that a header announces before its body. */
  public static void validateAnnounced(FragmentHeader h) {
    announced(
        h.owner(),
        h.fileId(),
        h.version(),
        h.index(),
        h.k(),
        h.n(),
        h.fileSize(),
        h.segmentSize(),
        h.length());
  }

  /** Checks every field of a complete header. */
  public static void validate(FragmentHeader h) {
    validateAnnounced(h);
    trailer(h.sha256(), h.metadata());
  }

  /**
   * A trailer, checked: the SHA-256 is taken in upper or lower case and kept in lower case.
   *
   * @throws FragmentException (INVALID) naming the bad field
   */
  public static FragmentTrailer trailer(String sha256, String metadata) {
    String sha = sha256 == null ? null : sha256.strip().toLowerCase(java.util.Locale.ROOT);
    if (sha == null || !SHA256_HEX.matcher(sha).matches()) {
      throw FragmentException.invalid(
          "SHA-256 '" + clip(sha256) + "' is not 64 hex digits; send the fragment's SHA-256");
    }
    String meta = metadata == null ? "" : metadata.strip();
    if (meta.length() > MAX_METADATA_CHARS) {
      throw FragmentException.invalid(
          "metadata has "
              + meta.length()
              + " characters; at most "
              + MAX_METADATA_CHARS
              + " of base64 are taken");
    }
    try {
      Base64.getDecoder().decode(meta);
    } catch (IllegalArgumentException e) {
      throw FragmentException.invalid(
          "metadata is not base64 (" + e.getMessage() + "); encode it with base64");
    }
    return new FragmentTrailer(sha, meta);
  }

  /** Whether the header leaves its SHA-256 and metadata to a trailer after its bytes. */
  public static boolean awaitsTrailer(FragmentHeader h) {
    return h.sha256() == null;
  }

  /**
   * The fields that name a fragment.
   *
   * @throws FragmentException (INVALID) naming the first bad field and what it must be
   */
  public static void key(String owner, String fileId, long version, long index) {
    if (owner == null || !OWNER_ID.matcher(owner).matches()) {
      throw FragmentException.invalid(
          "owner '"
              + clip(owner)
              + "' is not a peer id; send the owner's id, 32 lower-case hex digits");
    }
    if (fileId == null || !FILE_ID.matcher(fileId).matches()) {
      throw FragmentException.invalid(
          "file id '"
              + clip(fileId)
              + "' is not allowed; use 1 to 128 of A-Z a-z 0-9 . _ - and do not start with '.'");
    }
    if (version < 1 || version > Integer.MAX_VALUE) {
      throw FragmentException.invalid(
          "version is "
              + version
              + "; versions are numbered from 1 (to "
              + Integer.MAX_VALUE
              + ")");
    }
    if (index < 0 || index >= CodeParameters.MAX_N) {
      throw FragmentException.invalid(
          "index is " + index + "; fragment indexes are 0 to " + (CodeParameters.MAX_N - 1));
    }
  }

  /**
   * A whole number written in text (a path segment, a query parameter, a header), as a long;
   * anything else, or a number past a long, is refused naming it.
   */
  public static long wholeNumber(String name, String text) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException | NullPointerException e) {
      throw FragmentException.invalid(
          name + " '" + clip(text) + "' is not a whole number; send digits only");
    }
  }

  /** Keeps a quoted bad value short and on one line. */
  public static String clip(String value) {
    if (value == null) {
      return "";
    }
    String oneLine = value.replaceAll("[\\r\\n\\t]", " ");
    return oneLine.length() > 80 ? oneLine.substring(0, 77) + "..." : oneLine;
  }
}
