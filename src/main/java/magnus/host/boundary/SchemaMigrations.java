package magnus.host.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import magnus.host.control.PeerDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the peer's database schema up to date when the peer starts, from the SQL files in {@code
 * db/migrations/} (shipped in the WAR under {@code db/migrations}). JPA never generates the schema.
 *
 * <p>A database that is down at start-up does not stop the peer: the failure is logged with its
 * cause, readiness reports it, and the migration is retried every few seconds until it succeeds.
 * Flyway runs its own transactions, so this bean manages none.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigrations {

  static final Logger LOG = Logger.getLogger(SchemaMigrations.class.getName());
  static final long RETRY_MILLIS = 5_000;
  static final String LOCATION = "classpath:db/migrations";

  @Resource(lookup = PeerDataSource.JNDI_NAME)
  DataSource dataSource;

  @Resource TimerService timers;

  private volatile String version;
  private volatile String problem = "migrations have not run yet";

  @PostConstruct
  void migrateAtStart() {
    if (!migrate()) {
      timers.createIntervalTimer(RETRY_MILLIS, RETRY_MILLIS, new TimerConfig(null, false));
    }
  }

  @Timeout
  void retry(jakarta.ejb.Timer timer) {
    if (migrate()) {
      timer.cancel();
    }
  }

  private boolean migrate() {
    try {
      MigrateResult result =
          Flyway.configure(SchemaMigrations.class.getClassLoader())
              .dataSource(dataSource)
              .locations(LOCATION)
              .failOnMissingLocations(true)
              .load()
              .migrate();
      version = result.targetSchemaVersion != null ? result.targetSchemaVersion : "current";
      problem = null;
      LOG.info(
          () ->
              "database schema at version "
                  + version
                  + " ("
                  + result.migrationsExecuted
                  + " migrations applied now)");
      return true;
    } catch (RuntimeException e) {
      problem = "database migration failed: " + rootMessage(e);
      LOG.log(
          Level.WARNING,
          problem + "; retrying every " + RETRY_MILLIS / 1000 + " s (check magnus.db.url)");
      return false;
    }
  }

  /** The schema version after the last migration, or null while none has succeeded. */
  @Lock(LockType.READ)
  public String version() {
    return version;
  }

  /** Why the schema is not yet up to date, or null when it is. */
  @Lock(LockType.READ)
  public String problem() {
    return problem;
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message.strip();
  }
}
