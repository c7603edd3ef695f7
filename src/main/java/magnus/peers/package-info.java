/**
 * Peer Manager: which peers exist and are live (found through Payara Micro's Data Grid, remembered
 * in the database with last-seen times), and where the n fragments of a file go (placement over
 * failure domains, within the room each holder reports, never on the owner).
 *
 * <p>{@code entity}: {@code PeerDescriptor}, what a peer publishes about itself (its free bytes are
 * what it can still take: its offer less what it holds, and no more than its disk takes), and the
 * {@code known_peers} row {@code KnownPeer}. {@code control}: {@code PeerDirectory} (the live
 * peers, from a snapshot of the grid), {@code KnownPeers} (JPA, {@code @Transactional}), and {@code
 * Placement} (pure functions over descriptors). {@code boundary}: {@code GET /api/peers}, the
 * heartbeat that publishes this peer and records the others, and the benchmark-only raw link calls
 * ({@code /api/links}, off unless {@code magnus.bench.links} is true: they are unsafe).
 *
 * <p>No JAX-RS or servlet type under {@code control} or {@code entity}. The table {@code
 * known_peers} is written only here.
 *
 * <p>Other components ask {@link magnus.peers.control.PeerDirectory} for the live peers and {@link
 * magnus.peers.control.Placement} for where fragments go.
 *
 * <p>May depend on {@code host} (identity, settings, schema, data directory), {@code fragments}
 * (the room this peer has, and the HTTP client settings the link benchmark shares with fragment
 * stores), {@code units} (sizes in its messages), and on the Hazelcast API of the Data Grid that
 * Payara provides.
 */
package magnus.peers;
