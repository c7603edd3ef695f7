package magnus.fragments.control;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import magnus.fragments.entity.FragmentHeader;
import magnus.host.control.CachedJson;

/**
 * The fragment header on the wire: its {@code Magnus-*} HTTP headers, its JSON form, and the rules
 * every header and fragment key must follow. Server and client both use it, so that they agree.
 */
public final class FragmentHeaders {

  public static final String OWNER = "Magnus-Owner";
  public static final String FILE_ID = "Magnus-File-Id";
  public static final String VERSION = "Magnus-Version";
  public static final String INDEX = "Magnus-Index";
  public static final String K = "Magnus-K";
  public static final String N = "Magnus-N";
  public static final String FILE_SIZE = "Magnus-File-Size";
  public static final String SEGMENT_SIZE = "Magnus-Segment-Size";
  public static final String LENGTH = "Magnus-Length";
  public static final String SHA256 = "Magnus-Sha256";
  public static final String METADATA = "Magnus-Metadata";
  public static final String TRAILER = "Magnus-Trailer";

  /** The one trailer format: a JSON object with sha256 and metadata after the fragment's bytes. */
  public static final String TRAILER_JSON = "json";

  /** Bytes of trailer at most. */
  public static final int MAX_TRAILER_BYTES = 8192;

  /** Base64 characters of metadata at most: it travels in one HTTP header. */
  public static final int MAX_METADATA_CHARS = 4096;

  /** Codes of more fragments than this are not GF(2^8) Reed-Solomon codes. */
  public static final int MAX_N = 256;

  static final Pattern OWNER_ID = Pattern.compile("[0-9a-f]{32}");
  static final Pattern FILE_ID_PATTERN = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
  static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  private FragmentHeaders() {}

  /**
   * Reads a header from the {@code Magnus-*} HTTP headers.
   *
   * @param header gives the value of an HTTP header by name, null when absent
   * @throws FragmentRefusedException (400) naming the first missing or bad header
   */
  public static FragmentHeader fromHttp(Function<String, String> header) {
    String trailer = header.apply(TRAILER);
    if (trailer != null && !trailer.isBlank()) {
      if (!TRAILER_JSON.equals(trailer.strip().toLowerCase(Locale.ROOT))) {
        throw bad(
            TRAILER + " is '" + clip(trailer) + "'; the only trailer is '" + TRAILER_JSON + "'");
      }
      if (header.apply(SHA256) != null || header.apply(METADATA) != null) {
        throw bad(
            "with "
                + TRAILER
                + " the SHA-256 and metadata come after the body; drop the "
                + SHA256
                + " and "
                + METADATA
                + " headers");
      }
    }
    String owner = required(header, OWNER);
    String fileId = required(header, FILE_ID);
    int version = integer(header, VERSION);
    int index = integer(header, INDEX);
    int k = integer(header, K);
    int n = integer(header, N);
    long fileSize = longInteger(header, FILE_SIZE);
    int segmentSize = integer(header, SEGMENT_SIZE);
    long length = longInteger(header, LENGTH);
    if (trailer != null && !trailer.isBlank()) {
      FragmentHeader announced =
          new FragmentHeader(
              owner, fileId, version, index, k, n, fileSize, segmentSize, length, null, null);
      validateAnnounced(announced);
      return announced;
    }
    String sha256 = required(header, SHA256).toLowerCase(Locale.ROOT);
    String metadata = header.apply(METADATA);
    FragmentHeader parsed =
        new FragmentHeader(
            owner,
            fileId,
            version,
            index,
            k,
            n,
            fileSize,
            segmentSize,
            length,
            sha256,
            metadata == null ? "" : metadata.strip());
    validate(parsed);
    return parsed;
  }

  /**
   * Whether the header leaves its SHA-256 and metadata to the trailer after the body ({@link
   * #TRAILER}): a header read with {@code Magnus-Trailer: json}, or one an owner sends before it
   * knows them.
   */
  public static boolean awaitsTrailer(FragmentHeader h) {
    return h.sha256() == null;
  }

  /**
   * The header completed by its trailer.
   *
   * @param announced a header that {@link #awaitsTrailer awaits its trailer}
   * @param trailer the bytes after the fragment's: a JSON object with {@code sha256} and, when the
   *     owner has any, {@code metadata}
   * @throws FragmentRefusedException (400) when the trailer is not such an object
   */
  public static FragmentHeader completed(FragmentHeader announced, byte[] trailer) {
    JsonObject o;
    String text = new String(trailer, StandardCharsets.UTF_8);
    try (var reader = CachedJson.createReader(new java.io.StringReader(text))) {
      o = reader.readObject();
    } catch (RuntimeException e) {
      throw bad(
          "the trailer after the fragment's "
              + announced.length()
              + " bytes is not a JSON object ("
              + clip(text)
              + "); send {\"sha256\": \"...\", \"metadata\": \"...\"} after the bytes");
    }
    if (!(o.get("sha256") instanceof jakarta.json.JsonString sha)) {
      throw bad("the trailer has no sha256; send the fragment's SHA-256 in it");
    }
    String metadata = o.get("metadata") instanceof jakarta.json.JsonString m ? m.getString() : "";
    FragmentHeader complete =
        new FragmentHeader(
            announced.owner(),
            announced.fileId(),
            announced.version(),
            announced.index(),
            announced.k(),
            announced.n(),
            announced.fileSize(),
            announced.segmentSize(),
            announced.length(),
            sha.getString().strip().toLowerCase(Locale.ROOT),
            metadata.strip());
    validate(complete);
    return complete;
  }

  /** The trailer an owner sends after a fragment's bytes, for {@link #completed}. */
  public static byte[] trailer(String sha256, String metadata) {
    return CachedJson.createObjectBuilder()
        .add("sha256", sha256)
        .add("metadata", metadata == null ? "" : metadata)
        .build()
        .toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Bytes of the trailer {@link #trailer} makes for metadata of this many characters: the same for
   * every SHA-256, so that an owner can announce a body's length before it has hashed it.
   */
  public static int trailerLength(int metadataChars) {
    return trailer("0".repeat(64), "A".repeat(metadataChars)).length;
  }

  /** The header as {@code Magnus-*} HTTP headers, in a fixed order. */
  public static Map<String, String> toHttp(FragmentHeader h) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(OWNER, h.owner());
    headers.put(FILE_ID, h.fileId());
    headers.put(VERSION, Integer.toString(h.version()));
    headers.put(INDEX, Integer.toString(h.index()));
    headers.put(K, Integer.toString(h.k()));
    headers.put(N, Integer.toString(h.n()));
    headers.put(FILE_SIZE, Long.toString(h.fileSize()));
    headers.put(SEGMENT_SIZE, Integer.toString(h.segmentSize()));
    headers.put(LENGTH, Long.toString(h.length()));
    if (awaitsTrailer(h)) {
      headers.put(TRAILER, TRAILER_JSON);
      return headers;
    }
    headers.put(SHA256, h.sha256());
    if (h.metadata() != null && !h.metadata().isEmpty()) {
      headers.put(METADATA, h.metadata());
    }
    return headers;
  }

  /** The header as JSON, field names as in {@link FragmentHeader}. */
  public static JsonObject toJson(FragmentHeader h) {
    return CachedJson.createObjectBuilder()
        .add("owner", h.owner())
        .add("fileId", h.fileId())
        .add("version", h.version())
        .add("index", h.index())
        .add("k", h.k())
        .add("n", h.n())
        .add("fileSize", h.fileSize())
        .add("segmentSize", h.segmentSize())
        .add("length", h.length())
        .add("sha256", h.sha256())
        .add("metadata", h.metadata() == null ? "" : h.metadata())
        .build();
  }

  /** Reads the JSON form back. */
  public static FragmentHeader fromJson(JsonObject o) {
    return new FragmentHeader(
        o.getString("owner"),
        o.getString("fileId"),
        o.getInt("version"),
        o.getInt("index"),
        o.getInt("k"),
        o.getInt("n"),
        o.getJsonNumber("fileSize").longValueExact(),
        o.getInt("segmentSize"),
        o.getJsonNumber("length").longValueExact(),
        o.getString("sha256"),
        o.getString("metadata", ""));
  }

  /**
   * Checks every field of a header.
   *
   * @throws FragmentRefusedException (400) naming the first bad field and what it must be
   */
  public static void validate(FragmentHeader h) {
    validateAnnounced(h);
    if (h.sha256() == null || !SHA256_HEX.matcher(h.sha256()).matches()) {
      throw bad(
          SHA256 + " '" + clip(h.sha256()) + "' is not 64 hex digits; send the fragment's SHA-256");
    }
    String metadata = h.metadata() == null ? "" : h.metadata();
    if (metadata.length() > MAX_METADATA_CHARS) {
      throw bad(
          METADATA
              + " has "
              + metadata.length()
              + " characters; at most "
              + MAX_METADATA_CHARS
              + " of base64 are taken");
    }
    try {
      Base64.getDecoder().decode(metadata);
    } catch (IllegalArgumentException e) {
      throw bad(METADATA + " is not base64 (" + e.getMessage() + "); encode it with base64");
    }
  }

  /**
   * Checks every field that a header announces before its body: all but the SHA-256 and the
   * metadata, which may follow the body in a trailer.
   *
   * @throws FragmentRefusedException (400) naming the first bad field and what it must be
   */
  public static void validateAnnounced(FragmentHeader h) {
    validateKey(h.owner(), h.fileId(), h.version(), h.index());
    if (h.n() < 1 || h.n() > MAX_N) {
      throw bad(N + " is " + h.n() + "; n must be from 1 to " + MAX_N);
    }
    if (h.k() < 1 || h.k() > h.n()) {
      throw bad(K + " is " + h.k() + " with n=" + h.n() + "; k must be from 1 to n");
    }
    if (h.index() >= h.n()) {
      throw bad(INDEX + " is " + h.index() + " with n=" + h.n() + "; the index must be below n");
    }
    if (h.fileSize() < 0) {
      throw bad(FILE_SIZE + " is " + h.fileSize() + "; send the file's size in bytes, 0 or more");
    }
    if (h.segmentSize() < 1) {
      throw bad(
          SEGMENT_SIZE + " is " + h.segmentSize() + "; send the codec's segment size, 1 or more");
    }
    if (h.length() < 0) {
      throw bad(LENGTH + " is " + h.length() + "; send the fragment's size in bytes, 0 or more");
    }
  }

  /**
   * Checks the fields that name a fragment.
   *
   * @throws FragmentRefusedException (400) naming the first bad field and what it must be
   */
  public static void validateKey(String owner, String fileId, int version, int index) {
    if (owner == null || !OWNER_ID.matcher(owner).matches()) {
      throw bad(
          "owner '"
              + clip(owner)
              + "' is not a peer id; send the owner's id, 32 lower-case hex digits");
    }
    if (fileId == null || !FILE_ID_PATTERN.matcher(fileId).matches()) {
      throw bad(
          "file id '"
              + clip(fileId)
              + "' is not allowed; use 1 to 128 of A-Z a-z 0-9 . _ - and do not start with '.'");
    }
    if (version < 1) {
      throw bad("version is " + version + "; versions are numbered from 1");
    }
    if (index < 0 || index >= MAX_N) {
      throw bad("index is " + index + "; fragment indexes are 0 to " + (MAX_N - 1));
    }
  }

  /** Parses a path or query number, naming it when it is not one. */
  public static int parseInt(String name, String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException | NullPointerException e) {
      throw bad(name + " '" + clip(value) + "' is not a whole number; send digits only");
    }
  }

  private static String required(Function<String, String> header, String name) {
    String value = header.apply(name);
    if (value == null || value.isBlank()) {
      throw bad(
          "the header "
              + name
              + " is missing; every Magnus-* header but Magnus-Metadata is required (Magnus-Sha256 may"
              + " instead follow the body, with Magnus-Trailer: json)");
    }
    return value.strip();
  }

  private static int integer(Function<String, String> header, String name) {
    return parseInt(name, required(header, name));
  }

  private static long longInteger(Function<String, String> header, String name) {
    String value = required(header, name);
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw bad(name + " '" + clip(value) + "' is not a whole number; send digits only");
    }
  }

  static FragmentRefusedException bad(String detail) {
    return FragmentRefusedException.badRequest(detail);
  }

  /** Keeps a quoted bad value short and on one line. */
  static String clip(String value) {
    if (value == null) {
      return "";
    }
    String oneLine = value.replaceAll("[\\r\\n\\t]", " ");
    return oneLine.length() > 80 ? oneLine.substring(0, 77) + "..." : oneLine;
  }
}
