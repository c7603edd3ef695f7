/**
 * Host: this peer's own footing. Its settings (MicroProfile Config), its database schema (the SQL
 * migrations in {@code db/migrations/}, applied at start-up), its data directory, and the readiness
 * it reports on {@code /health/ready}.
 *
 * <p>May depend on nothing else in Magnus; every other server-side component may depend on it.
 */
package magnus.host;
