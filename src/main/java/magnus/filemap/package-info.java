/**
 * FileMap: what this peer has stored on others. One entry per backed-up version of a path, holding
 * the code (k, n), the size and SHA-256 of the file, and for each fragment the peer that holds it.
 *
 * <p>May depend on {@code host}, {@code codec}, {@code fragments} and {@code peers}.
 */
package magnus.filemap;
