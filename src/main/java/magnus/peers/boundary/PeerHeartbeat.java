package magnus.peers.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.UserTransaction;
import java.util.logging.Level;
import java.util.logging.Logger;
import magnus.host.boundary.SchemaMigrations;
import magnus.host.control.DataDirectory;
import magnus.host.control.Settings;
import magnus.peers.control.KnownPeers;
import magnus.peers.control.PeerDirectory;

/**
 * Keeps this peer present in the Data Grid and the known peers up to date: every {@link
 * PeerDirectory#REFRESH} it publishes its descriptor (only while its data directory takes writes,
 * so that the others do not send fragments to a peer that cannot keep them), takes a snapshot of
 * the others, and records the live ones in {@code known_peers}.
 *
 * <p>The timer is not persistent: each peer keeps its own heartbeat, and a clustered timer store
 * would run it on one member only. A database that is down only stops the record, not the
 * heartbeat; its failure is logged once per distinct cause.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class PeerHeartbeat {

  static final Logger LOG = Logger.getLogger(PeerHeartbeat.class.getName());

  @Resource TimerService timers;

  @Resource UserTransaction transaction;

  @Inject PeerDirectory directory;

  @Inject KnownPeers knownPeers;

  @Inject SchemaMigrations migrations;

  @Inject Settings settings;

  private String lastProblem;

  @PostConstruct
  void start() {
    long every = PeerDirectory.REFRESH.toMillis();
    timers.createIntervalTimer(1_000, every, new TimerConfig(null, false));
  }

  @PreDestroy
  void stop() {
    directory.withdraw();
  }

  @Timeout
  void beat() {
    try {
      boolean available = DataDirectory.problem(settings.dataDirectory()).isEmpty();
      directory.refresh(available);
    } catch (RuntimeException e) {
      problem("cannot refresh the peers in the Data Grid: " + e, e);
      return;
    }
    if (migrations.version() == null) {
      return; // the table may not exist yet; readiness already says why
    }
    try {
      transaction.begin();
      knownPeers.record(directory.live());
      transaction.commit();
      problem(null, null);
    } catch (Exception e) {
      rollback();
      problem("cannot record the known peers: " + rootMessage(e), e);
    }
  }

  private void rollback() {
    try {
      if (transaction.getStatus() != Status.STATUS_NO_TRANSACTION) {
        transaction.rollback();
      }
    } catch (Exception e) {
      LOG.log(Level.FINE, "rollback after a failed record", e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().strip();
  }

  /** Logs a problem when it first appears and when it goes away, not every few seconds. */
  private void problem(String problem, Exception cause) {
    if (problem == null) {
      if (lastProblem != null) {
        LOG.info("known peers are recorded again");
      }
    } else if (!problem.equals(lastProblem)) {
      LOG.log(Level.WARNING, problem, cause);
    }
    lastProblem = problem;
  }
}
