package magnus.snapshots.control;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who may touch the owner's packs at once: any number of backups, restores and forgets together, or
 * one prune (or sweep) alone.
 *
 * <p>Why a prune runs alone: it decides from the snapshots recorded when it starts which blobs are
 * dead, and drops them. A backup that started meanwhile may have found such a blob already stored
 * and referenced it instead of storing it again; a restore may be reading a pack that is being
 * rewritten. Why counted permits and not a {@link java.util.concurrent.locks.ReadWriteLock}: a
 * permit is taken by the request thread and given back by the thread that writes the response's
 * last event, which need not be the same one.
 *
 * <p>A request that finds a user's prune running is refused at once (409) rather than queued: a
 * prune can take an hour, and a backup that waits that long without saying so looks hung. One that
 * finds the schedule's sweep running waits for it, up to {@value #SWEEP_WAIT_SECONDS} s: a sweep is
 * short, and a user should not see a refusal for work they did not ask for.
 */
@ApplicationScoped
public class Permits {

  /** How long a backup, restore or forget waits for a sweep to end. */
  static final long SWEEP_WAIT_SECONDS = 120;

  /** What is running, as a refusal names it. */
  public enum Work {
    BACKUP("a snapshot backup"),
    RESTORE("a snapshot restore"),
    FORGET("a forget"),
    PRUNE("a prune"),
    SWEEP("the sweep of what interrupted runs left"),
    RECOVERY("a whole-host recovery of the snapshots"),
    DELETION("a deletion of a path from the snapshots");

    final String phrase;

    Work(String phrase) {
      this.phrase = phrase;
    }

    boolean alone() {
      return this == PRUNE || this == SWEEP || this == RECOVERY || this == DELETION;
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
        if (work.alone()) {
          alone = null;
        } else {
          shared--;
        }
        Permits.this.notifyAll();
      }
    }
  }

  private int shared;
  private Work alone;

  /**
   * A permit for a backup, a restore or a forget: refused while a prune or a recovery runs, given
   * once a sweep has ended.
   */
  public synchronized Permit shared(Work work) throws BusyException {
    if (work.alone()) {
      throw new IllegalArgumentException(work + " takes the exclusive permit");
    }
    long deadline = System.nanoTime() + SWEEP_WAIT_SECONDS * 1_000_000_000L;
    try {
      for (long left; alone == Work.SWEEP && (left = deadline - System.nanoTime()) > 0; ) {
        wait(Math.max(1, left / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BusyException("interrupted while waiting for the sweep to end; try again");
    }
    if (alone != null) {
      throw new BusyException(
          alone.phrase
              + " is running on this peer, and "
              + work.phrase
              + " must wait for it; try again when it has finished");
    }
    shared++;
    return new Permit(work);
  }

  /** The permit of a prune, a sweep or a recovery: refused while anything else holds one. */
  public synchronized Permit exclusive(Work work) throws BusyException {
    if (!work.alone()) {
      throw new IllegalArgumentException(work + " takes a shared permit");
    }
    if (alone != null) {
      throw new BusyException(
          alone.phrase + " is already running on this peer; wait for it to finish");
    }
    if (shared > 0) {
      throw new BusyException(
          shared
              + (shared == 1
                  ? " snapshot backup, restore or forget is"
                  : " snapshot backups, restores or forgets are")
              + " running on this peer; "
              + (work == Work.PRUNE ? "prune" : "try again")
              + " when they have finished");
    }
    alone = work;
    return new Permit(work);
  }

  /** The permit of a user's prune. */
  public Permit exclusive() throws BusyException {
    return exclusive(Work.PRUNE);
  }
}
