/**
 * FileDatabase: the fragments this peer holds for other peers, and the wire protocol through which
 * peers store, retrieve, remove and query them and probe each other ({@code docs/protocol.md}).
 * Storage logic ({@code control}) is kept apart from the wire protocol ({@code boundary} on the
 * server side, {@code control.RemoteFragments} on the client side).
 *
 * <p>{@code entity}: the header and the {@code held_fragment} row. {@code control}: the files
 * ({@code FragmentFiles}, container-free), the store over files and rows ({@code FragmentStore}),
 * the wire form of headers ({@code FragmentHeaders}) and the client ({@code RemoteFragments} over
 * {@code PeerCalls}). {@code boundary}: the JAX-RS resources, the transactions, start-up
 * reconciliation and its readiness check.
 *
 * <p>May depend on {@code host}.
 */
package magnus.fragments;
