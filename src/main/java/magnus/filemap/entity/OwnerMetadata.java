package magnus.filemap.entity;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import magnus.host.control.CachedJson;

/**
 * What the owner writes into every fragment's metadata, so that it can rebuild its FileMap entry
 * from the holders after it lost its disk: the file's path, size, SHA-256, mtime and mode, and when
 * the version was stored. Holders keep it as opaque base64 ({@code docs/protocol.md}); this record
 * is the one place that writes it ({@link #encode}, at backup) and reads it back ({@link #decode},
 * at a rebuild).
 *
 * <p>The form is base64 of a JSON object {@code {"path", "size", "sha256", "mtime", "mode",
 * "storedAt"}}, times in milliseconds since the epoch. Fragments stored by earlier versions have
 * this form, so it does not change.
 *
 * <p>A pack of the snapshot model ({@code docs/design.md}) is stored through the same path, with
 * {@code {"kind": "pack", "size", "sha256", "storedAt"}}: no path, no mtime, no mode; the pack that
 * holds a snapshot's record says {@code "kind": "record"} instead. A FileMap rebuild leaves packs
 * to the snapshot component.
 *
 * @param path absolute path on the owner's host; empty for a pack
 * @param size the file's bytes
 * @param sha256 SHA-256 of the whole file, 64 lower-case hex digits
 * @param mtimeMillis the file's last modification time
 * @param mode permission bits (e.g. 0644)
 * @param storedAtMillis when the version was backed up; 0 when the metadata does not say
 * @param kind a file's version, a pack, or the pack of a snapshot's record
 */
public record OwnerMetadata(
    String path,
    long size,
    String sha256,
    long mtimeMillis,
    int mode,
    long storedAtMillis,
    Kind kind) {

  /** What an object stored through the FileMap's backup path is. */
  public enum Kind {
    /** One version of one file. */
    FILE,
    /** A pack of chunks and trees. */
    PACK,
    /**
     * The pack that holds one snapshot's record, and nothing else. Why it says so: a whole-host
     * recovery that finds a pack with fewer than k fragments on the live holders must wait for more
     * peers when the pack may hold a snapshot it cannot otherwise know of, and need not when the
     * pack holds only blobs that the snapshots it found do not need.
     */
    RECORD
  }

  /** The kinds that are packs, the snapshot component's. */
  public static final java.util.Set<Kind> PACKS =
      java.util.Collections.unmodifiableSet(java.util.EnumSet.of(Kind.PACK, Kind.RECORD));

  /** The metadata of a file's version. */
  public OwnerMetadata(
      String path, long size, String sha256, long mtimeMillis, int mode, long storedAtMillis) {
    this(path, size, sha256, mtimeMillis, mode, storedAtMillis, Kind.FILE);
  }

  /** The metadata of a pack. */
  public static OwnerMetadata pack(long size, String sha256, long storedAtMillis) {
    return pack(Kind.PACK, size, sha256, storedAtMillis);
  }

  /**
   * The metadata of a pack of the given kind.
   *
   * @param kind {@link Kind#PACK} or {@link Kind#RECORD}
   */
  public static OwnerMetadata pack(Kind kind, long size, String sha256, long storedAtMillis) {
    if (!PACKS.contains(kind)) {
      throw new IllegalArgumentException("a pack's kind is PACK or RECORD, not " + kind);
    }
    return new OwnerMetadata("", size, sha256, 0, 0, storedAtMillis, kind);
  }

  /** Mode of a file whose metadata does not say: {@code rw-r--r--}. */
  static final int DEFAULT_MODE = 0644;

  /** The metadata of a version of a file, as the backup found it. */
  public static OwnerMetadata of(FileFacts facts, long storedAtMillis) {
    return new OwnerMetadata(
        facts.path(),
        facts.size(),
        facts.sha256(),
        facts.mtimeMillis(),
        facts.mode(),
        storedAtMillis);
  }

  /** The form holders keep. Its length depends on the hash only through its fixed 64 digits. */
  public String encode() {
    if (PACKS.contains(kind)) {
      String json =
          CachedJson.createObjectBuilder()
              .add("kind", kind == Kind.RECORD ? "record" : "pack")
              .add("size", size)
              .add("sha256", sha256)
              .add("storedAt", storedAtMillis)
              .build()
              .toString();
      return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
    String json =
        CachedJson.createObjectBuilder()
            .add("path", path)
            .add("size", size)
            .add("sha256", sha256)
            .add("mtime", mtimeMillis)
            .add("mode", mode)
            .add("storedAt", storedAtMillis)
            .build()
            .toString();
    return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads metadata that {@link #encode} wrote.
   *
   * @throws IllegalArgumentException when it is not the owner's metadata (not base64 of a JSON
   *     object with a path and a hash); the message says which
   */
  public static OwnerMetadata decode(String base64) {
    JsonObject meta;
    try {
      String json = new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
      meta = CachedJson.createReader(new StringReader(json)).readObject();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("the metadata is not base64 of a JSON object", e);
    }
    if (meta.get("kind") instanceof JsonString kind
        && (kind.getString().equals("pack") || kind.getString().equals("record"))) {
      if (!(meta.get("sha256") instanceof JsonString sha256)) {
        throw new IllegalArgumentException("the metadata of a pack lacks its hash");
      }
      return pack(
          kind.getString().equals("record") ? Kind.RECORD : Kind.PACK,
          number(meta.get("size"), -1),
          sha256.getString(),
          number(meta.get("storedAt"), 0));
    }
    if (!(meta.get("path") instanceof JsonString path)
        || !(meta.get("sha256") instanceof JsonString sha256)) {
      throw new IllegalArgumentException("the metadata lacks a path or a hash");
    }
    return new OwnerMetadata(
        path.getString(),
        number(meta.get("size"), -1),
        sha256.getString(),
        number(meta.get("mtime"), 0),
        (int) number(meta.get("mode"), DEFAULT_MODE),
        number(meta.get("storedAt"), 0));
  }

  private static long number(JsonValue value, long otherwise) {
    return value instanceof JsonNumber n ? n.longValue() : otherwise;
  }
}
