/**
 * Peer Manager: which peers exist and are live (found through Payara Micro's Data Grid, remembered
 * in the database with last-seen times), and where the n fragments of a file go (placement over
 * failure domains, within free capacity, never on the owner).
 *
 * <p>May depend on {@code host} and {@code fragments}.
 */
package magnus.peers;
