package magnus.fragments.control;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import magnus.fragments.entity.FragmentHeader;
import magnus.fragments.entity.FragmentTrailer;
import magnus.host.control.CachedJson;

/**
 * The fragment header's wire form, shared by the server ({@code boundary.Fragments}) and the client
 * ({@code boundary.PeerCalls}) so that they agree: its {@code Magnus-*} HTTP header names and
 * values, its JSON form, and the JSON trailer that may follow a fragment's bytes. It parses text
 * into the domain values that {@link FragmentRules} checks; it holds no rule of its own and no
 * JAX-RS type (headers come in as a name-to-value function).
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
  public static final int MAX_METADATA_CHARS = FragmentRules.MAX_METADATA_CHARS;

  private FragmentHeaders() {}

  /**
   * Reads a header from the {@code Magnus-*} HTTP headers.
   *
   * @param header gives the value of an HTTP header by name, null when absent
   * @return the header, checked; with {@code Magnus-Trailer: json} one that {@link #awaitsTrailer
   *     awaits its trailer}
   * @throws FragmentException (INVALID) naming the first missing or bad header
   */
  public static FragmentHeader fromHttp(Function<String, String> header) {
    String trailer = header.apply(TRAILER);
    boolean trailed = trailer != null && !trailer.isBlank();
    if (trailed) {
      if (!TRAILER_JSON.equals(trailer.strip().toLowerCase(Locale.ROOT))) {
        throw FragmentException.invalid(
            TRAILER
                + " is '"
                + FragmentRules.clip(trailer)
                + "'; the only trailer is '"
                + TRAILER_JSON
                + "'");
      }
      if (header.apply(SHA256) != null || header.apply(METADATA) != null) {
        throw FragmentException.invalid(
            "with "
                + TRAILER
                + " the SHA-256 and metadata come after the body; drop the "
                + SHA256
                + " and "
                + METADATA
                + " headers");
      }
    }
    FragmentHeader announced =
        FragmentRules.announced(
            required(header, OWNER),
            required(header, FILE_ID),
            number(header, VERSION),
            number(header, INDEX),
            number(header, K),
            number(header, N),
            number(header, FILE_SIZE),
            number(header, SEGMENT_SIZE),
            number(header, LENGTH));
    if (trailed) {
      return announced;
    }
    return FragmentRules.trailer(required(header, SHA256), header.apply(METADATA))
        .completing(announced);
  }

  /**
   * Whether the header leaves its SHA-256 and metadata to the trailer after the body ({@link
   * #TRAILER}): a header read with {@code Magnus-Trailer: json}, or one an owner sends before it
   * knows them.
   */
  public static boolean awaitsTrailer(FragmentHeader h) {
    return FragmentRules.awaitsTrailer(h);
  }

  /**
   * Reads what follows a fragment's bytes in a store's body, once the holder has read exactly
   * {@code h.length()} of them: for a header that {@link #awaitsTrailer awaits its trailer}, the
   * JSON trailer (at most {@link #MAX_TRAILER_BYTES}); otherwise nothing may follow, and the
   * header's own SHA-256 and metadata are the answer.
   *
   * @throws FragmentException INVALID for a bad trailer, MISMATCH for bytes past the fragment
   */
  public static FragmentTrailer readEnd(FragmentHeader h, InputStream body) {
    try {
      if (!awaitsTrailer(h)) {
        if (body.read() >= 0) {
          throw FragmentException.mismatch(
              "the body is longer than "
                  + LENGTH
                  + " ("
                  + h.length()
                  + " bytes); send exactly the fragment's bytes");
        }
        return FragmentTrailer.of(h);
      }
      byte[] trailer = body.readNBytes(MAX_TRAILER_BYTES + 1);
      if (trailer.length > MAX_TRAILER_BYTES) {
        throw FragmentException.invalid(
            "more than "
                + MAX_TRAILER_BYTES
                + " bytes follow the fragment's "
                + h.length()
                + "; send exactly "
                + LENGTH
                + " bytes, then the JSON trailer");
      }
      return parseTrailer(h, trailer);
    } catch (IOException e) {
      throw FragmentException.mismatch(
          "the end of the fragment's body could not be read: "
              + e.getMessage()
              + "; send it again");
    }
  }

  /**
   * The trailer's bytes as a checked trailer.
   *
   * @param trailer a JSON object with {@code sha256} and, when the owner has any, {@code metadata}
   * @throws FragmentException (INVALID) when the trailer is not such an object
   */
  public static FragmentTrailer parseTrailer(FragmentHeader announced, byte[] trailer) {
    JsonObject o;
    String text = new String(trailer, StandardCharsets.UTF_8);
    try (var reader = CachedJson.createReader(new StringReader(text))) {
      o = reader.readObject();
    } catch (RuntimeException e) {
      throw FragmentException.invalid(
          "the trailer after the fragment's "
              + announced.length()
              + " bytes is not a JSON object ("
              + FragmentRules.clip(text)
              + "); send {\"sha256\": \"...\", \"metadata\": \"...\"} after the bytes");
    }
    if (!(o.get("sha256") instanceof JsonString sha)) {
      throw FragmentException.invalid(
          "the trailer has no sha256; send the fragment's SHA-256 in it");
    }
    String metadata = o.get("metadata") instanceof JsonString m ? m.getString() : "";
    return FragmentRules.trailer(sha.getString(), metadata);
  }

  /** The header completed by its trailer's bytes (for an owner's own checks, and tests). */
  public static FragmentHeader completed(FragmentHeader announced, byte[] trailer) {
    return parseTrailer(announced, trailer).completing(announced);
  }

  /** The trailer an owner sends after a fragment's bytes. */
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

  /**
   * Reads the JSON form back and checks it; a number out of its field's range is refused, not
   * truncated.
   *
   * @throws FragmentException (INVALID) when a field is missing, not a number, or breaks a rule
   */
  public static FragmentHeader fromJson(JsonObject o) {
    try {
      FragmentHeader announced =
          FragmentRules.announced(
              o.getString("owner"),
              o.getString("fileId"),
              o.getJsonNumber("version").longValueExact(),
              o.getJsonNumber("index").longValueExact(),
              o.getJsonNumber("k").longValueExact(),
              o.getJsonNumber("n").longValueExact(),
              o.getJsonNumber("fileSize").longValueExact(),
              o.getJsonNumber("segmentSize").longValueExact(),
              o.getJsonNumber("length").longValueExact());
      return FragmentRules.trailer(o.getString("sha256"), o.getString("metadata", ""))
          .completing(announced);
    } catch (NullPointerException | ClassCastException | ArithmeticException e) {
      throw FragmentException.invalid(
          "a fragment header in JSON lacks a field or has one that is not a whole number ("
              + FragmentRules.clip(o.toString())
              + "); send every field of the header");
    }
  }

  private static String required(Function<String, String> header, String name) {
    String value = header.apply(name);
    if (value == null || value.isBlank()) {
      throw FragmentException.invalid(
          "the header "
              + name
              + " is missing; every Magnus-* header but Magnus-Metadata is required (Magnus-Sha256 may"
              + " instead follow the body, with Magnus-Trailer: json)");
    }
    return value.strip();
  }

  private static long number(Function<String, String> header, String name) {
    return FragmentRules.wholeNumber(name, required(header, name));
  }
}
