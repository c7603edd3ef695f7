package magnus.peers.boundary;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
 * the others, and records the live ones in {@code known_peers} ({@link KnownPeers#record}, a
 * transaction of its own).
 *
 * <p>Each peer keeps its own heartbeat on its own scheduler; beats never overlap (a fixed delay). A
 * database that is down only stops the record, not the heartbeat; its failure is logged once per
 * distinct cause.
 */
@ApplicationScoped
public class PeerHeartbeat {

  static final Logger LOG = Logger.getLogger(PeerHeartbeat.class.getName());

  @Resource ManagedScheduledExecutorService scheduler;

  @Inject PeerDirectory directory;

  @Inject KnownPeers knownPeers;

  @Inject SchemaMigrations migrations;

  @Inject Settings settings;

  private volatile ScheduledFuture<?> beats;
  private String lastProblem;

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    long every = PeerDirectory.REFRESH.toMillis();
    beats = scheduler.scheduleWithFixedDelay(this::beat, 1_000, every, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    if (beats != null) {
      beats.cancel(false);
    }
    directory.withdraw();
  }

  void beat() {
    try {
      boolean available = DataDirectory.problem(settings.dataDirectory()).isEmpty();
      directory.refresh(available);
    } catch (RuntimeException e) {
      problem("cannot refresh the peers in the Data Grid: " + e, e);
      return;
    }
    try {
      if (migrations.version() == null) {
        return; // the table may not exist yet; readiness already says why
      }
      knownPeers.record(directory.live());
      problem(null, null);
    } catch (RuntimeException e) {
      // Never let it out: an exception would end the schedule for good.
      problem("cannot record the known peers: " + rootMessage(e), e);
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
