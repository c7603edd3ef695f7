/**
 * Host: this peer's own footing. Its settings (MicroProfile Config), its data source (a pool that
 * validates each connection before handing it out and replaces broken ones, so that the peer comes
 * back by itself after an outage of its database), its database schema (the SQL migrations in
 * {@code db/migrations/}, applied at start-up), the claim on its database (the first peer to start
 * on a database records its id in {@code database_owner}; a peer refuses a database recorded for
 * another id), its data directory, and the readiness it reports on {@code /health/ready}.
 *
 * <p>{@code boundary/} holds the start-up and readiness entry points (and the problem+json
 * wording); {@code control/} and {@code entity/} hold no HTTP or JAX-RS types.
 *
 * <p>May depend only on {@code codec} (for {@code CodeParameters}, the one rule of a code); every
 * other server-side component may depend on it. Writes only its own table, {@code database_owner},
 * through JPA in {@code @Transactional} control methods.
 */
package magnus.host;
