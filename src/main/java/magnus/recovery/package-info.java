/**
 * Recovery Manager: gets files back from their fragments. Restores one file (any version, to any
 * destination) from k of its holders, checking every fragment's hash and falling back to other
 * holders; rebuilding a lost host's FileMap from the peers comes next.
 *
 * <p>May depend on {@code host}, {@code codec}, {@code fragments}, {@code peers} and {@code
 * filemap}.
 */
package magnus.recovery;
