package magnus.recovery.control;

import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import magnus.fragments.entity.FragmentHeader;
import magnus.host.control.CachedJson;

/**
 * One fragment found on a holder during a FileMap rebuild: the holder, the header, and the owner's
 * metadata read back out of the header (path, size, hash, mtime, mode, when it was stored).
 */
public record RecoveredFragment(
    String holder,
    FragmentHeader header,
    String path,
    String sha256,
    long mtimeMillis,
    int mode,
    long storedAtMillis) {

  /**
   * Reads the owner's metadata out of a header.
   *
   * @throws IllegalArgumentException when the metadata is not the owner's (not base64 JSON with a
   *     path and a hash)
   */
  public static RecoveredFragment of(String holder, FragmentHeader header) {
    JsonObject meta;
    try {
      String json =
          new String(Base64.getDecoder().decode(header.metadata()), StandardCharsets.UTF_8);
      meta = CachedJson.createReader(new StringReader(json)).readObject();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "fragment " + header.fileId() + "/" + header.version() + " has unreadable metadata", e);
    }
    if (!meta.containsKey("path") || !meta.containsKey("sha256")) {
      throw new IllegalArgumentException(
          "fragment " + header.fileId() + "/" + header.version() + " metadata lacks path or hash");
    }
    return new RecoveredFragment(
        holder,
        header,
        meta.getString("path"),
        meta.getString("sha256"),
        meta.containsKey("mtime") ? meta.getJsonNumber("mtime").longValue() : 0,
        meta.getInt("mode", 0644),
        meta.containsKey("storedAt") ? meta.getJsonNumber("storedAt").longValue() : 0);
  }
}
