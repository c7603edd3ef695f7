package magnus.host.control;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Declares the peer's one data source, bound at {@value #JNDI_NAME}. The container resolves the
 * {@code MPCONFIG} references when the application is deployed, so the URL, user and password come
 * from the same MicroProfile Config keys as every other setting. The application's own config file
 * is not read yet at that moment, so the defaults are repeated here after the colon.
 *
 * <p>The pool checks every connection before it hands it out ({@code SELECT 1}, Payara's {@code
 * PostgresConnectionValidation}), and when one fails it drops every pooled connection and opens new
 * ones, so that no connection an outage of the database closed is handed out: a peer was once seen
 * answering "This connection has been closed" (and not ready) after such an outage until it was
 * restarted. With the check, the peer is ready again as soon as the database takes connections. The
 * properties are Payara's ({@code fish.payara.*}) for pools of application-defined data sources.
 *
 * <p>A connection is checked at most once every 2 s, not each time it is handed out. Why: a check
 * on every hand-out is a round trip before every transaction, and it made the backup of 1,000 small
 * files take 100.8 s instead of 77.4 s ({@code bin/magnus-bench-recovery}, BENCHMARKS.md). The
 * cost: after an outage shorter than 2 s, a connection it broke can be handed out for up to 2 s
 * more; any longer outage sees every pooled connection checked, and all of them replaced.
 */
@DataSourceDefinition(
    name = PeerDataSource.JNDI_NAME,
    className = "org.postgresql.ds.PGSimpleDataSource",
    url = "${MPCONFIG=magnus.db.url:jdbc:postgresql://127.0.0.1:5432/magnus}",
    user = "${MPCONFIG=magnus.db.user:postgres}",
    password = "${MPCONFIG=magnus.db.password:}",
    minPoolSize = 2,
    maxPoolSize = 32,
    properties = {
      "fish.payara.is-connection-validation-required=true",
      "fish.payara.connection-validation-method=custom-validation",
      "fish.payara.validation-classname="
          + "org.glassfish.api.jdbc.validation.PostgresConnectionValidation",
      "fish.payara.fail-all-connections=true",
      "fish.payara.validate-atmost-once-period-in-seconds=2"
    })
@ApplicationScoped
public class PeerDataSource {
  /** Where the data source is bound; the persistence unit names the same. */
  public static final String JNDI_NAME = "java:app/jdbc/magnus";
}
