package magnus.snapshots.boundary;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.util.logging.Logger;
import magnus.host.boundary.SchemaMigrations;
import magnus.host.control.EventStream;
import magnus.snapshots.control.Permits;
import magnus.snapshots.control.Prune;

/**
 * Every ten minutes, removes what interrupted runs left behind once it is older than the grace time
 * ({@code magnus.snapshots.orphan.grace.seconds}): packs no snapshot references, and packs on the
 * holders that no record names. A sweep that finds a backup, a restore or a prune running waits for
 * the next turn. No transaction: it waits on holders.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SnapshotSweep {

  static final Logger LOG = Logger.getLogger(SnapshotSweep.class.getName());

  @Inject Permits permits;
  @Inject Prune prune;
  @Inject SchemaMigrations migrations;

  @Schedule(minute = "*/10", hour = "*", persistent = false)
  void sweep() {
    if (migrations.problem() != null) {
      return;
    }
    try (Permits.Permit permit = permits.exclusive()) {
      prune.run(new EventStream(OutputStream.nullOutputStream()), Prune.Mode.SWEEP);
    } catch (Permits.BusyException e) {
      LOG.fine(() -> "sweep: " + e.getMessage() + "; trying at the next turn");
    }
  }
}
