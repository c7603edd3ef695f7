package magnus.fragments.control;

import java.util.concurrent.Callable;

/**
 * Runs work in one database transaction. The boundary supplies it, so that the boundary stays the
 * only place where transactions begin and end while the store decides what runs inside them.
 */
@FunctionalInterface
public interface Transactions {

  /**
   * Runs the work in a new transaction and commits it.
   *
   * @return what the work returned, once the transaction has committed
   * @throws FragmentRefusedException as the work threw it (after a rollback), or with status 500
   *     when the transaction could not begin or commit
   */
  <T> T inTransaction(Callable<T> work);
}
