package magnus.filemap.boundary;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import magnus.filemap.control.Removals;
import magnus.host.boundary.SchemaMigrations;

/**
 * Retries pending removals every ten seconds, for holders that were offline. No transaction: a
 * drain waits on holders and records each answer in a transaction of its own.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RemovalSchedule {

  @Inject Removals removals;
  @Inject SchemaMigrations migrations;

  @Schedule(second = "*/10", minute = "*", hour = "*", persistent = false)
  void retry() {
    // A database that is not this peer's, or not migrated yet, is not to be touched: readiness
    // names the problem, and the next turn tries again.
    if (migrations.problem() != null) {
      return;
    }
    removals.drain();
  }
}
