package magnus.packs;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The owner's keys for chunks, derived from one key of its own (the host's key for the purpose
 * "chunks"): one names chunks, one makes the chunker's gear table. A chunk's id is HMAC-SHA-256(id
 * key, its bytes): the same bytes always get the same id for this owner, so a chunk is stored once
 * however many files, versions and snapshots hold it, and a holder, who lacks the key, cannot
 * compute the id of a file it guesses.
 */
public final class ChunkKeys {

  private final byte[] idKey;
  private final byte[] gearKey;

  /**
   * A Mac per thread, keyed once: looking the algorithm up and keying it for every chunk cost more
   * than hashing a small file's bytes.
   */
  private final ThreadLocal<Mac> idMac;

  private ChunkKeys(byte[] idKey, byte[] gearKey) {
    this.idKey = idKey;
    this.gearKey = gearKey;
    this.idMac = ThreadLocal.withInitial(() -> mac(this.idKey));
  }

  /**
   * The keys made from {@code ownerKey}: each is HMAC-SHA-256(ownerKey, its purpose).
   *
   * @param ownerKey at least 32 bytes
   */
  public static ChunkKeys from(byte[] ownerKey) {
    if (ownerKey.length < 32) {
      throw new IllegalArgumentException(
          "an owner key has at least 32 bytes, not " + ownerKey.length);
    }
    return new ChunkKeys(hmac(ownerKey, "chunk ids"), hmac(ownerKey, "chunk boundaries"));
  }

  /** The id of a chunk: HMAC-SHA-256 under the id key, in 64 hex digits. */
  public String id(byte[] bytes, int offset, int length) {
    Mac mac = idMac.get();
    mac.update(bytes, offset, length);
    return HexFormat.of().formatHex(mac.doFinal());
  }

  /** The chunker's gear table for this owner. */
  public long[] gear() {
    return Chunker.gear(gearKey);
  }

  private static byte[] hmac(byte[] key, String purpose) {
    return mac(key).doFinal(purpose.getBytes(StandardCharsets.UTF_8));
  }

  private static Mac mac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no HmacSHA256", e);
    }
  }
}
