package magnus.fragments.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.UserTransaction;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import magnus.fragments.control.FragmentRefusedException;
import magnus.fragments.control.Transactions;

/**
 * The FileDatabase's transactions, begun and committed here in the boundary. The store runs the
 * short recording step through it after the (long) transfer, so that no transaction or database
 * connection is held while a fragment streams in.
 */
@ApplicationScoped
public class JtaTransactions implements Transactions {

  static final Logger LOG = Logger.getLogger(JtaTransactions.class.getName());

  @Inject UserTransaction transaction;

  @Override
  public <T> T inTransaction(Callable<T> work) {
    try {
      transaction.begin();
    } catch (Exception e) {
      throw FragmentRefusedException.failed(
          "cannot begin a database transaction: " + e + "; check the database", e);
    }
    try {
      T result = work.call();
      transaction.commit();
      return result;
    } catch (FragmentRefusedException e) {
      rollback();
      throw e;
    } catch (Exception e) {
      rollback();
      throw FragmentRefusedException.failed(
          "cannot record in the database: " + rootMessage(e) + "; try again later", e);
    }
  }

  private void rollback() {
    try {
      if (transaction.getStatus() != Status.STATUS_NO_TRANSACTION) {
        transaction.rollback();
      }
    } catch (SystemException | IllegalStateException | SecurityException e) {
      LOG.log(Level.WARNING, "rollback failed: " + e, e);
    }
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return (message == null ? root.getClass().getSimpleName() : message.strip())
        .replaceAll("\\s+", " ");
  }
}
