package magnus.peers.entity;

import java.time.Instant;

/**
 * What a peer publishes about itself in the Data Grid, and what others keep of it: its id, where it
 * answers, which failure domain it sits in, and how much of the disk it offers is still free.
 *
 * @param id the peer id, 32 hex digits, derived from its host secret
 * @param url base URL of the peer, without a trailing slash
 * @param failureDomain hosts that can fail together share a label
 * @param capacityBytes the disk the peer offers to others
 * @param freeBytes what is left of that offer
 * @param seenAt when this descriptor was last published or confirmed
 */
public record PeerDescriptor(
    String id,
    String url,
    String failureDomain,
    long capacityBytes,
    long freeBytes,
    Instant seenAt) {}
