package magnus.snapshots.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.util.logging.Logger;
import magnus.host.boundary.SchemaMigrations;
import magnus.host.control.EventStream;
import magnus.host.control.Settings;
import magnus.snapshots.control.Permits;
import magnus.snapshots.control.Prune;

/**
 * Every {@code magnus.snapshots.sweep.minutes} (10; 0 turns it off), removes what interrupted runs
 * left behind once it is older than the grace time ({@code magnus.snapshots.orphan.grace.seconds}):
 * packs no snapshot references, and packs on the holders that no record names. A sweep that finds a
 * backup, a restore or a prune running waits for the next turn. No transaction: it waits on
 * holders.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SnapshotSweep {

  static final Logger LOG = Logger.getLogger(SnapshotSweep.class.getName());

  @Inject Permits permits;
  @Inject Prune prune;
  @Inject SchemaMigrations migrations;
  @Inject Settings settings;
  @Resource TimerService timers;

  /** A non-persistent interval timer: on Payara Micro persistent ones live in the Data Grid. */
  @PostConstruct
  void schedule() {
    long minutes = settings.sweepMinutes();
    if (minutes > 0) {
      timers.createIntervalTimer(
          minutes * 60_000, minutes * 60_000, new TimerConfig("snapshot sweep", false));
    }
  }

  @Timeout
  void sweep() {
    if (migrations.problem() != null) {
      return;
    }
    try (Permits.Permit permit = permits.exclusive(Permits.Work.SWEEP)) {
      prune.run(new EventStream(OutputStream.nullOutputStream()), Prune.Mode.SWEEP);
    } catch (Permits.BusyException e) {
      LOG.fine(() -> "sweep: " + e.getMessage() + "; trying at the next turn");
    }
  }
}
