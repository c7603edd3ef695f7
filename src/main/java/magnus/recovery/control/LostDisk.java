package magnus.recovery.control;

import java.util.List;
import magnus.peers.entity.PeerDescriptor;

/**
 * Fired, synchronously, when a whole-host recovery has rebuilt the FileMap: components that keep
 * objects of their own on the holders (the snapshots' packs) rebuild their records from {@code
 * holders} and restore what they hold before the recovery goes on to the files.
 */
public record LostDisk(List<PeerDescriptor> holders) {}
