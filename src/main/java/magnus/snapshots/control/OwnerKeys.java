package magnus.snapshots.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import magnus.host.control.Identity;
import magnus.packs.ChunkKeys;

/** This owner's chunk keys and chunker table, made from the host secret once. */
@ApplicationScoped
public class OwnerKeys {

  @Inject Identity identity;

  private volatile ChunkKeys keys;
  private volatile long[] gear;

  public ChunkKeys keys() {
    ChunkKeys k = keys;
    if (k == null) {
      synchronized (this) {
        if (keys == null) {
          gear = ChunkKeys.from(identity.key("magnus chunks")).gear();
          keys = ChunkKeys.from(identity.key("magnus chunks"));
        }
        k = keys;
      }
    }
    return k;
  }

  /** The chunker's gear table for this owner. */
  public long[] gear() {
    keys();
    return gear;
  }
}
