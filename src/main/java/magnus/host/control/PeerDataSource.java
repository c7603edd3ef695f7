package magnus.host.control;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Declares the peer's one data source, bound at {@value #JNDI_NAME}. The container resolves the
 * {@code MPCONFIG} references when the application is deployed, so the URL, user and password come
 * from the same MicroProfile Config keys as every other setting. The application's own config file
 * is not read yet at that moment, so the defaults are repeated here after the colon.
 */
@DataSourceDefinition(
    name = PeerDataSource.JNDI_NAME,
    className = "org.postgresql.ds.PGSimpleDataSource",
    url = "${MPCONFIG=magnus.db.url:jdbc:postgresql://127.0.0.1:5432/magnus}",
    user = "${MPCONFIG=magnus.db.user:postgres}",
    password = "${MPCONFIG=magnus.db.password:}",
    minPoolSize = 2,
    maxPoolSize = 32)
@ApplicationScoped
public class PeerDataSource {
  /** Where the data source is bound; the persistence unit names the same. */
  public static final String JNDI_NAME = "java:app/jdbc/magnus";
}
