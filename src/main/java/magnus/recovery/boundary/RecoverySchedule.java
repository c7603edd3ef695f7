package magnus.recovery.boundary;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import magnus.host.boundary.SchemaMigrations;
import magnus.recovery.control.Recovery;

/**
 * Gives the Recovery Manager its turn every five seconds. No transaction: a tick waits on holders
 * and keeps each record in a transaction of its own.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RecoverySchedule {

  @Inject Recovery recovery;
  @Inject SchemaMigrations migrations;

  @Schedule(second = "*/5", minute = "*", hour = "*", persistent = false)
  void tick() {
    // A database that is not this peer's, or not migrated yet, is not to be touched: readiness
    // names the problem, and the next turn tries again.
    if (migrations.problem() != null) {
      return;
    }
    recovery.tick();
  }
}
