package magnus.snapshots.control;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who may touch the owner's packs at once: any number of backups, restores and forgets together, or
 * one prune alone.
 *
 * <p>Why a prune runs alone: it decides from the snapshots recorded when it starts which blobs are
 * dead, and drops them. A backup that started meanwhile may have found such a blob already stored
 * and referenced it instead of storing it again; a restore may be reading a pack that is being
 * rewritten. Why counted permits and not a {@link java.util.concurrent.locks.ReadWriteLock}: a
 * permit is taken by the request thread and given back by the thread that writes the response's
 * last event, which need not be the same one. A request that cannot have its permit is refused at
 * once (409) rather than queued: a prune can take an hour, and a backup that waits that long
 * without saying so looks hung.
 */
@ApplicationScoped
public class Permits {

  /** What is running, as a refusal names it. */
  public enum Work {
    BACKUP("a snapshot backup"),
    RESTORE("a snapshot restore"),
    FORGET("a forget"),
    PRUNE("a prune");

    final String phrase;

    Work(String phrase) {
      this.phrase = phrase;
    }
  }

  /** A permit that cannot be had now; the message names what holds the packs and what to do. */
  public static final class BusyException extends Exception {
    private static final long serialVersionUID = 1L;

    BusyException(String message) {
      super(message);
    }
  }

  /** A permit held; closing it gives it back (once, however often it is closed). */
  public final class Permit implements AutoCloseable {
    private final Work work;
    private boolean open = true;

    Permit(Work work) {
      this.work = work;
    }

    @Override
    public void close() {
      synchronized (Permits.this) {
        if (!open) {
          return;
        }
        open = false;
        if (work == Work.PRUNE) {
          pruning = false;
        } else {
          shared--;
        }
      }
    }
  }

  private int shared;
  private boolean pruning;

  /** A permit for a backup, a restore or a forget: refused while a prune runs. */
  public synchronized Permit shared(Work work) throws BusyException {
    if (work == Work.PRUNE) {
      throw new IllegalArgumentException("a prune takes the exclusive permit");
    }
    if (pruning) {
      throw new BusyException(
          "a prune is running on this peer, and "
              + work.phrase
              + " must wait for it; try again when it has finished");
    }
    shared++;
    return new Permit(work);
  }

  /** The permit of a prune: refused while anything else touches the packs. */
  public synchronized Permit exclusive() throws BusyException {
    if (pruning) {
      throw new BusyException("a prune is already running on this peer; wait for it to finish");
    }
    if (shared > 0) {
      throw new BusyException(
          shared
              + (shared == 1
                  ? " snapshot backup, restore or forget is"
                  : " snapshot backups, restores or forgets are")
              + " running on this peer; prune when they have finished");
    }
    pruning = true;
    return new Permit(Work.PRUNE);
  }
}
