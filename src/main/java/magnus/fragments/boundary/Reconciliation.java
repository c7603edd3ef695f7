package magnus.fragments.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import magnus.fragments.control.FragmentStore;
import magnus.host.boundary.SchemaMigrations;

/**
 * At start-up, once the schema is migrated, brings the fragment files and the held_fragment rows in
 * line (see {@link FragmentStore#reconcile}); until then the store refuses fragments.
 * SchemaMigrations runs first ({@link DependsOn}); when it has not succeeded yet (the database is
 * down) this waits for it, checking every few seconds. Transactions are begun by {@link
 * JtaTransactions}, so this bean manages its own (none).
 */
@Singleton
@Startup
@DependsOn("SchemaMigrations")
@TransactionManagement(TransactionManagementType.BEAN)
public class Reconciliation {

  static final long RETRY_MILLIS = 5_000;

  @Inject SchemaMigrations migrations;

  @Inject FragmentStore store;

  @Inject JtaTransactions transactions;

  @Resource TimerService timers;

  @PostConstruct
  void atStart() {
    if (!attempt()) {
      timers.createIntervalTimer(RETRY_MILLIS, RETRY_MILLIS, new TimerConfig(null, false));
    }
  }

  @Timeout
  void retry(jakarta.ejb.Timer timer) {
    if (attempt()) {
      timer.cancel();
    }
  }

  /** Reconciles when the schema is there; answers whether it is done (or failed for good). */
  private boolean attempt() {
    if (migrations.problem() != null) {
      store.reconciliationPending(
          "reconciliation waits for the database schema (" + migrations.problem() + ")");
      return false;
    }
    try {
      store.reconcile(transactions);
      return true;
    } catch (RuntimeException e) {
      // The store has logged it and readiness names it. Reconciling is idempotent, so it is
      // simply tried again: a database that blinked or a disk the operator fixed needs no restart.
      return false;
    }
  }
}
