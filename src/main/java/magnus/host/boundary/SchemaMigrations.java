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
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import magnus.host.control.DatabaseOwnership;
import magnus.host.control.Identity;
import magnus.host.control.PeerDataSource;
import magnus.host.control.Settings;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the peer's database schema up to date when the peer starts, from the SQL files in {@code
 * db/migrations/} (shipped in the WAR under {@code db/migrations}). JPA never generates the schema.
 *
 * <p>It also claims the database for this peer ({@link DatabaseOwnership}): a database that belongs
 * to another peer id is refused before anything is migrated, and the schema counts as not there, so
 * that nothing (readiness, reconciliation, the heartbeat) works on another peer's rows.
 *
 * <p>A database that is down at start-up does not stop the peer: the failure is logged with its
 * cause, readiness reports it, and the migration is retried every few seconds until it succeeds.
 * Flyway runs its own transactions, and the claim its own, so this bean manages none.
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

  @Inject DatabaseOwnership ownership;

  @Inject Identity identity;

  @Inject Settings settings;

  private volatile String version;
  private volatile String problem = "schema: migrations have not run yet";

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
    String me = identity.peerId();
    try {
      Optional<String> recorded = ownership.recordedOwner();
      if (recorded.isPresent() && !recorded.get().equals(me)) {
        return refused(recorded.get(), me);
      }
    } catch (RuntimeException e) {
      return failed(
          "schema: not migrated, the database does not answer: " + rootMessage(e),
          "; retrying every " + RETRY_MILLIS / 1000 + " s (check magnus.db.url)");
    }
    MigrateResult result;
    try {
      result =
          Flyway.configure(SchemaMigrations.class.getClassLoader())
              .dataSource(dataSource)
              .locations(LOCATION)
              .failOnMissingLocations(true)
              .load()
              .migrate();
    } catch (RuntimeException e) {
      return failed(
          "schema: database migration failed: " + rootMessage(e),
          "; retrying every " + RETRY_MILLIS / 1000 + " s (check magnus.db.url)");
    }
    String owner;
    try {
      owner = ownership.claim(me);
    } catch (RuntimeException e) {
      return failed(
          "database: cannot record this peer as the owner of "
              + settings.databaseUrl()
              + ": "
              + rootMessage(e),
          "; retrying every " + RETRY_MILLIS / 1000 + " s");
    }
    if (!owner.equals(me)) {
      return refused(owner, me);
    }
    version = result.targetSchemaVersion != null ? result.targetSchemaVersion : "current";
    problem = null;
    LOG.info(
        () ->
            "database schema at version "
                + version
                + " ("
                + result.migrationsExecuted
                + " migrations applied now), database of peer "
                + owner);
    return true;
  }

  /** Refuses a database that belongs to another peer: names it, both ids and the way out. */
  private boolean refused(String owner, String me) {
    return failed(
        "database: "
            + settings.databaseUrl()
            + " belongs to peer "
            + owner
            + ", not to this peer "
            + me
            + "; give this peer its own database (magnus.db.url), or drop that one if peer "
            + owner
            + " is gone for good",
        "");
  }

  /** Records why the schema is not usable; logs it when it is new, not on every retry. */
  private boolean failed(String why, String retry) {
    version = null;
    if (!why.equals(problem)) {
      LOG.log(Level.WARNING, why + retry);
    }
    problem = why;
    return false;
  }

  /** The schema version after the last migration, or null while none has succeeded. */
  @Lock(LockType.READ)
  public String version() {
    return version;
  }

  /**
   * Why the schema is not yet up to date or the database is not this peer's, or null when it is
   * usable; labelled with the part that is wrong ({@code schema:} or {@code database:}).
   */
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
