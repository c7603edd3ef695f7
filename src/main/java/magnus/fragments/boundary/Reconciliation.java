package magnus.fragments.boundary;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import magnus.fragments.control.FragmentStore;
import magnus.host.boundary.SchemaMigrations;

/**
 * At start-up, once the schema is migrated, brings the fragment files and the held_fragment rows in
 * line (see {@link FragmentStore#reconcile}); until then the store refuses fragments. When the
 * schema is not there yet (the database is down) or reconciling fails, it is tried again every few
 * seconds: reconciling is idempotent, and a database that blinked or a disk the operator fixed
 * needs no restart. The store runs its own short transactions.
 */
@ApplicationScoped
public class Reconciliation {

  static final long RETRY_MILLIS = 5_000;

  @Inject SchemaMigrations migrations;

  @Inject FragmentStore store;

  @Resource ManagedScheduledExecutorService scheduler;

  private volatile ScheduledFuture<?> retries;

  void atStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
    if (!attempt()) {
      retries =
          scheduler.scheduleWithFixedDelay(
              this::retry, RETRY_MILLIS, RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private void retry() {
    if (attempt()) {
      // Cancelling from inside the task ends the schedule once this run returns.
      retries.cancel(false);
    }
  }

  @PreDestroy
  void stop() {
    if (retries != null) {
      retries.cancel(false);
    }
  }

  /** Reconciles when the schema is there; answers whether it is done. */
  private boolean attempt() {
    if (migrations.problem() != null) {
      store.reconciliationPending(
          "reconciliation waits for the database schema (" + migrations.problem() + ")");
      return false;
    }
    try {
      store.reconcile();
      return true;
    } catch (RuntimeException e) {
      return false; // the store has logged it, and readiness names it
    }
  }
}
