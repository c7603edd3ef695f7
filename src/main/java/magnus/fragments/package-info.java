/**
 * FileDatabase: the fragments this peer holds for other peers, and the peer protocol through which
 * peers store, retrieve, remove and query them and probe each other ({@code docs/protocol.md}).
 *
 * <p><b>Storage apart from the wire</b>, as in Tahoe-LAFS's storage server:
 *
 * <ul>
 *   <li>{@code entity}: the domain values: {@code FragmentHeader}, {@code FragmentTrailer} (the
 *       SHA-256 and metadata that may follow a fragment's bytes) and the {@code held_fragment} row
 *       {@code HeldFragment}.
 *   <li>{@code control}, storage: {@code FragmentStore} over {@code FragmentFiles} (the files,
 *       container-free: temporary file, fsync, atomic rename, directory fsync, start-up
 *       reconciliation) and {@code HeldFragments} (the rows: JPA, each write a {@code
 *       REQUIRES_NEW @Transactional} method, so that a row commits after its file is durable and
 *       before the answer). They take domain values, check them with {@code FragmentRules} (the
 *       code's rule is {@code magnus.codec.CodeParameters}'), and fail with {@code
 *       FragmentException} and its {@code Reason}; they know no header name, no JSON and no status
 *       code.
 *   <li>{@code boundary}, the server side of the wire: the JAX-RS resources {@code Fragments} and
 *       {@code Probes} turn headers, path segments, query parameters and the JSON trailer into
 *       domain values (with {@code control.FragmentHeaders}), and the one exception mapper {@code
 *       FragmentProblems} turns a {@code FragmentException.Reason} into a status and a one-line
 *       problem. Also start-up reconciliation and its readiness check.
 *   <li>{@code boundary}, the client side of the wire: {@code RemoteFragments} over {@code
 *       PeerCalls}, with {@code control.FragmentHeaders} as the wire form both sides share. The
 *       client is a boundary too, facing the other way: it speaks HTTP with the JDK's own client
 *       ({@code java.net.http}), so it stays out of {@code control}, which knows no HTTP. Other
 *       components' control beans call it as this component's service; every failure is a {@code
 *       PeerCallException} whose {@code Failure} (a timeout is {@code TIMEOUT}) callers act on.
 *       Nothing in storage calls it.
 * </ul>
 *
 * <p>No HTTP type (JAX-RS, servlet or {@code java.net.http}) under {@code control} or {@code
 * entity}. The table {@code held_fragment} is written only here, only through {@code
 * HeldFragments}.
 *
 * <p>May depend on {@code host} (settings, data directory, durable writes, JSON) and {@code codec}
 * (the code's parameters), nothing else of Magnus.
 */
package magnus.fragments;
