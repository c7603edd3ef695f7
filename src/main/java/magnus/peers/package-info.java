/**
 * Peer Manager: which peers exist and are live (found through Payara Micro's Data Grid, remembered
 * in the database with last-seen times), and where the n fragments of a file go (placement over
 * failure domains, within free capacity, never on the owner).
 *
 * <p>Other components ask {@link magnus.peers.control.PeerDirectory} for the live peers and {@link
 * magnus.peers.control.Placement} for where fragments go; {@code GET /api/peers} shows both the
 * live and the known peers.
 *
 * <p>May depend on {@code host} (identity, settings, schema, data directory) and {@code fragments}
 * (the bytes already held, for the free capacity it publishes), and on the Hazelcast API of the
 * Data Grid that Payara provides.
 */
package magnus.peers;
