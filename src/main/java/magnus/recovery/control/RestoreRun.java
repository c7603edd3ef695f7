package magnus.recovery.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.logging.Logger;
import magnus.filemap.entity.FileEntry;
import magnus.host.control.EventStream;
import magnus.host.control.EventStream.Kind;

/**
 * Restores one version of one file as one operation, telling its events as they happen ({@code
 * docs/api.md}, POST /api/restores): the start, progress, fragments set aside, and the outcome.
 */
@ApplicationScoped
public class RestoreRun {

  static final Logger LOG = Logger.getLogger(RestoreRun.class.getName());

  /**
   * File restores of the client API at once on this peer; the others wait their turn, in order. Why
   * a bound: a restore of a big file holds about 8 MiB (the decoder's blocks and k downloads read
   * ahead), and the API takes as many requests as callers send; eight at once is 64 MiB, a quarter
   * of the smallest heap a peer is tested with (256 MB). More at once gains nothing on a link that
   * eight already fill.
   */
  static final int PARALLEL = 8;

  private final Semaphore slots = new Semaphore(PARALLEL, true);

  @Inject FileRestore restore;

  /** Restores {@code entry} to {@code destination}; returns when it is done or failed. */
  public void run(FileEntry entry, Path destination, EventStream events) {
    long started = System.nanoTime();
    events.send(
        Kind.START,
        new RestoreEvents.Start(
            entry.path(), entry.version(), entry.size(), destination.toString()));
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      events.send(Kind.FAILED, new RestoreEvents.Failed("interrupted before it started"));
      return;
    }
    try {
      restore.restore(
          entry,
          destination,
          new FileRestore.Listener() {
            @Override
            public void progress(long bytes) {
              events.progress(bytes, entry.size());
            }

            @Override
            public void setAside(
                String peerUrl, int index, FileRestore.SetAside why, String detail) {
              LOG.warning(
                  () ->
                      "fragment "
                          + index
                          + " of "
                          + entry.path()
                          + " on "
                          + peerUrl
                          + " set aside: "
                          + detail);
              events.send(
                  why == FileRestore.SetAside.CORRUPT ? Kind.CORRUPT : Kind.UNAVAILABLE,
                  new RestoreEvents.SetAside(
                      peerUrl, index, why.name().toLowerCase(java.util.Locale.ROOT), detail));
            }
          });
      events.send(
          Kind.DONE,
          new RestoreEvents.Done(
              entry.path(),
              destination.toString(),
              entry.size(),
              (System.nanoTime() - started) / 1e9));
    } catch (RestoreException e) {
      LOG.warning(() -> "restore of " + entry.path() + " failed: " + e.getMessage());
      events.send(Kind.FAILED, new RestoreEvents.Failed(e.getMessage()));
    } finally {
      slots.release();
    }
  }
}
