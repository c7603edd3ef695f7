package magnus.recovery.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import magnus.filemap.control.BusyPaths;
import magnus.filemap.control.FileMap;
import magnus.filemap.control.FileMapBulk;
import magnus.filemap.entity.FileEntry;
import magnus.host.control.Failures;
import magnus.host.control.Identity;
import magnus.host.control.Sha256;
import magnus.peers.control.PeerDirectory;
import magnus.peers.entity.PeerDescriptor;
import magnus.recovery.entity.FileState;
import magnus.recovery.entity.Phase;
import magnus.recovery.entity.RecoveryRun;
import magnus.recovery.entity.RunKind;
import magnus.units.Units;

/**
 * The Recovery Manager at work: notices that this host lost its disk and brings every file back
 * with no command given, and runs recovery drills into another directory on request.
 *
 * <p>A peer whose FileMap is empty, which never recovered before, and which finds fragments of its
 * own on other peers, has lost its disk (the same host secret gives the same peer id). It then
 * rebuilds its FileMap from the holders, and restores the newest version of every file to its own
 * path, several files at once. Every file's state is kept in the database as it finishes, so a
 * stopped recovery carries on where it was and never fetches a finished file again. A file that
 * already exists and differs is left alone and reported; a file with fewer than k fragments
 * reachable waits, and is tried again while peers come back.
 *
 * <p>{@link magnus.recovery.boundary.RecoverySchedule} calls {@link #tick} every five seconds. No
 * transaction spans a tick: it waits on holders; every record it keeps is a transaction of its own
 * ({@link RecoveryRecords}).
 */
@ApplicationScoped
public class Recovery {

  static final Logger LOG = Logger.getLogger(Recovery.class.getName());

  /** Files restored at once. */
  static final int PARALLEL_FILES = 4;

  /** Files taken from the database at a time. */
  static final int BATCH = 64;

  /** Seconds between attempts at files that wait for more peers. */
  static final long RETRY_SECONDS = 30;

  /** Seconds between progress lines in the log. */
  static final long LOG_SECONDS = 10;

  @Inject RecoveryRecords records;
  @Inject FileMap fileMap;
  @Inject FileMapBulk bulk;
  @Inject BusyPaths busy;
  @Inject FileMapRebuild rebuild;
  @Inject FileRestore restore;
  @Inject PeerDirectory directory;
  @Inject Identity identity;
  @Inject jakarta.enterprise.event.Event<LostDisk> lostDisk;

  @Resource ManagedExecutorService executor;

  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicLong bytesThisProcess = new AtomicLong();
  private volatile long processStartNanos = System.nanoTime();
  private volatile long lastRetryNanos = System.nanoTime();
  private volatile long lastLogNanos = System.nanoTime();
  private volatile long lastLookNanos;

  /**
   * Looks for the loss of the disk while no run is active, and works on the active run: rebuilds
   * its FileMap, restores its pending files, retries its waiting ones. Returns at once when a tick
   * is still at work.
   */
  @Transactional(Transactional.TxType.NOT_SUPPORTED)
  public void tick() {
    // NOT_SUPPORTED: a transaction of the caller's (an EJB timer may start one) must not span a
    // tick. Records marked by the restore threads would then wait on rows this thread changed
    // (waiting files put back to pending) while this thread waits on them: a deadlock that held a
    // recovery for good, seen when a restarted peer's first files waited for peers to appear.
    if (!running.compareAndSet(false, true)) {
      return;
    }
    try {
      Optional<RecoveryRun> active = records.active();
      if (active.isEmpty()) {
        lookForLostDisk();
      } else {
        work(active.get());
      }
    } catch (RuntimeException e) {
      LOG.warning(() -> "recovery: " + e.getMessage() + "; trying again in a few seconds");
    } finally {
      running.set(false);
    }
  }

  /**
   * Starts a drill: restores the newest version of every file into {@code destination} (each under
   * its own absolute path there), leaving the originals alone.
   *
   * @throws RunActiveException when another run is not done yet
   */
  public RecoveryRun drill(Path destination) throws RunActiveException {
    synchronized (this) {
      Optional<RecoveryRun> active = records.active();
      if (active.isPresent()) {
        throw new RunActiveException(active.get().id());
      }
      RecoveryRun run =
          records.startWithNewest(RunKind.DRILL, destination.toString(), Phase.RESTORING);
      processStartNanos = System.nanoTime();
      bytesThisProcess.set(0);
      return run;
    }
  }

  /**
   * Whether a whole-host recovery has not finished rebuilding this peer's records: until it has,
   * what the holders keep and no record names is no garbage, but what the recovery has yet to find.
   */
  public boolean rebuilding() {
    return records
        .active()
        .map(r -> r.kind() == RunKind.HOST && r.phase() == Phase.REBUILDING)
        .orElse(false);
  }

  /** Progress of the newest run: what is done and left, the rate, and the time left. */
  public Optional<Status> status() {
    return records.latest().map(this::status);
  }

  /** How a run is doing. */
  public record Status(
      RecoveryRun run,
      RecoveryRecords.Counts counts,
      double bytesPerSecond,
      long secondsLeft,
      List<RecoveryRecords.Open> problems) {}

  private Status status(RecoveryRun run) {
    RecoveryRecords.Counts counts = records.counts(run.id());
    double seconds = (System.nanoTime() - processStartNanos) / 1e9;
    double rate = seconds > 0 ? bytesThisProcess.get() / seconds : 0;
    long left = counts.bytes(FileState.PENDING);
    long eta = rate > 0 ? (long) Math.ceil(left / rate) : -1;
    return new Status(run, counts, rate, eta, records.problems(run.id(), 100));
  }

  /** Looks, now and then, for fragments of this peer on others while the FileMap is empty. */
  private void lookForLostDisk() {
    if (System.nanoTime() - lastLookNanos < 15_000_000_000L && lastLookNanos != 0) {
      return;
    }
    lastLookNanos = System.nanoTime();
    if (records.hostRunExists() || !nothingOfOwn()) {
      return;
    }
    Optional<PeerDescriptor> holder = rebuild.anyHolder(others());
    // A fresh peer's first backup has fragments on holders before its entry is recorded: that is
    // no lost disk. Fragments seen while no backup runs, and the FileMap still empty after, are.
    if (holder.isPresent() && nothingOfOwn()) {
      LOG.warning(
          () ->
              "this peer's FileMap is empty, but "
                  + holder.get().url()
                  + " holds fragments of its files: the disk was lost; recovering every file");
      records.start(RunKind.HOST, null, Phase.REBUILDING);
      processStartNanos = System.nanoTime();
      bytesThisProcess.set(0);
    }
  }

  private void work(RecoveryRun run) {
    if (run.phase() == Phase.REBUILDING) {
      FileMapRebuild.Result result = rebuild.rebuild(others(), bulk::add);
      LOG.info(
          () ->
              "recovery: FileMap rebuilt from "
                  + result.peers()
                  + " peers: "
                  + result.fragments()
                  + " fragments, "
                  + result.entries()
                  + " file versions, in "
                  + String.format("%.1f", result.seconds())
                  + " s");
      // The snapshots' packs, trees and snapshots, and the newest tree of every path: the
      // snapshot component's, told synchronously so that the run goes on only once they are back.
      // A component that cannot do its part now throws: the run stays in this phase, and the
      // next tick rebuilds again (every rebuild adds only what is not recorded yet).
      try {
        lostDisk.fire(new LostDisk(others()));
      } catch (RuntimeException e) {
        LOG.warning(
            () ->
                "recovery: snapshots: " + Failures.describe(e) + "; trying again in a few seconds");
        return;
      }
      long queued = records.queueNewest(run.id());
      records.phase(run.id(), Phase.RESTORING);
      LOG.info(() -> "recovery: restoring " + queued + " files to their own paths");
      return;
    }
    if (System.nanoTime() - lastRetryNanos > RETRY_SECONDS * 1_000_000_000L) {
      lastRetryNanos = System.nanoTime();
      if (records.counts(run.id()).files(FileState.WAITING) > 0) {
        // Peers that were away may be back, with fragments the first rebuild did not see.
        if (run.kind() == RunKind.HOST) {
          rebuild.rebuild(others(), bulk::add);
        }
        records.retryWaiting(run.id());
      }
    }
    // Restore pending files, a batch at a time, until none is left or the process stops.
    while (true) {
      List<Long> ids = records.files(run.id(), FileState.PENDING, BATCH);
      if (ids.isEmpty()) {
        break;
      }
      restoreBatch(run, fileMap.entries(ids));
      logProgress(run, false);
    }
    RecoveryRecords.Counts counts = records.counts(run.id());
    if (counts.files(FileState.PENDING) == 0 && counts.files(FileState.WAITING) == 0) {
      records.phase(run.id(), Phase.DONE);
      logProgress(run, true);
    }
  }

  private void restoreBatch(RecoveryRun run, List<FileEntry> entries) {
    List<CompletableFuture<Void>> work = new ArrayList<>();
    java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(PARALLEL_FILES);
    for (FileEntry entry : entries) {
      slots.acquireUninterruptibly();
      work.add(
          CompletableFuture.runAsync(() -> restoreOne(run, entry), executor)
              .whenComplete((ok, e) -> slots.release()));
    }
    CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).join();
  }

  private void restoreOne(RecoveryRun run, FileEntry entry) {
    Path destination =
        run.destination() == null
            ? Path.of(entry.path())
            : Path.of(run.destination(), entry.path().replaceFirst("^/+", ""));
    FileState state;
    String detail = null;
    try {
      if (Files.exists(destination, LinkOption.NOFOLLOW_LINKS)) {
        if (Files.isRegularFile(destination, LinkOption.NOFOLLOW_LINKS)
            && Files.size(destination) == entry.size()
            && Sha256.of(destination).equals(entry.sha256())) {
          state = FileState.DONE; // already there, identical: nothing to fetch
        } else {
          state = FileState.CONFLICT;
          detail = destination + " exists and differs from the backup; left alone";
          LOG.warning("recovery: " + detail);
        }
      } else {
        restore.restore(
            entry,
            destination,
            new FileRestore.Listener() {
              private long reported;

              @Override
              public void progress(long bytes) {
                bytesThisProcess.addAndGet(bytes - reported);
                reported = bytes;
              }

              @Override
              public void setAside(
                  String peerUrl, int index, FileRestore.SetAside why, String reason) {
                LOG.warning(
                    "recovery: fragment "
                        + index
                        + " of "
                        + entry.path()
                        + " on "
                        + peerUrl
                        + " set aside ("
                        + why.name().toLowerCase(java.util.Locale.ROOT)
                        + "): "
                        + reason);
              }
            });
        state = FileState.DONE;
      }
    } catch (RestoreException e) {
      // Too few fragments now may be enough once peers are back; other failures will not heal.
      state =
          e.reason() == RestoreException.Reason.NOT_ENOUGH_FRAGMENTS
              ? FileState.WAITING
              : FileState.FAILED;
      detail = e.getMessage();
      String why = detail;
      LOG.warning(() -> "recovery: " + entry.path() + " not recovered yet: " + why);
    } catch (IOException | RuntimeException e) {
      state = FileState.FAILED;
      detail = Failures.describe(e);
      String why = detail;
      LOG.warning(() -> "recovery: " + entry.path() + " failed: " + why);
    }
    records.mark(run.id(), entry.id(), state, detail);
  }

  private void logProgress(RecoveryRun run, boolean finished) {
    if (!finished && System.nanoTime() - lastLogNanos < LOG_SECONDS * 1_000_000_000L) {
      return;
    }
    lastLogNanos = System.nanoTime();
    Status s = status(run);
    LOG.info(
        () ->
            "recovery "
                + (finished ? "done" : "progress")
                + ": "
                + s.counts().files(FileState.DONE)
                + "/"
                + s.counts().totalFiles()
                + " files, "
                + Units.bytes(s.counts().bytes(FileState.DONE))
                + "/"
                + Units.bytes(s.counts().totalBytes())
                + ", "
                + Units.bytes((long) s.bytesPerSecond())
                + "/s"
                + (s.secondsLeft() >= 0 && !finished
                    ? ", about " + s.secondsLeft() + " s left"
                    : "")
                + (s.counts().files(FileState.WAITING) > 0
                    ? ", " + s.counts().files(FileState.WAITING) + " waiting for more peers"
                    : "")
                + (s.counts().files(FileState.CONFLICT) > 0
                    ? ", " + s.counts().files(FileState.CONFLICT) + " left alone (exist and differ)"
                    : ""));
  }

  /** No backup runs, and the FileMap holds no entry and no pending removal. */
  private boolean nothingOfOwn() {
    return busy.idle()
        && fileMap.isEmpty()
        && fileMap.pendingRemovalCount() == 0
        && !records.anyPack();
  }

  private List<PeerDescriptor> others() {
    String self = identity.peerId();
    return directory.live().stream().filter(p -> !p.id().equals(self)).toList();
  }
}
