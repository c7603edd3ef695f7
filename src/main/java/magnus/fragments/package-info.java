/**
 * FileDatabase: the fragments this peer holds for other peers, and the wire protocol through which
 * peers store, retrieve, remove and query them and probe each other ({@code docs/protocol.md}).
 * Storage logic ({@code control}) is kept apart from the wire protocol ({@code boundary} on the
 * server side, {@code control.RemoteFragments} on the client side).
 *
 * <p>May depend on {@code host}.
 */
package magnus.fragments;
