package magnus.filemap.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import magnus.codec.CodeParameters;
import magnus.codec.FragmentEncoder;
import magnus.filemap.entity.FileEntry;
import magnus.host.control.EventStream;
import magnus.host.control.EventStream.Kind;
import magnus.host.control.Failures;

/**
 * Backs up files and directory trees of this host as one operation, telling its events as they
 * happen ({@code docs/api.md}, POST /api/backups): what was found, each file's outcome, progress,
 * and the end. Several files are backed up at once.
 */
@ApplicationScoped
public class BackupRun {

  static final Logger LOG = Logger.getLogger(BackupRun.class.getName());

  /** Files backed up at once. */
  static final int PARALLEL_FILES = 4;

  @Inject FileMap fileMap;
  @Inject FileBackup backup;
  @Inject Removals removals;

  @Resource ManagedExecutorService executor;

  /**
   * Backs up every regular file under {@code paths}, each as its path's next version, and tells
   * {@code events} how it goes; returns when the last file is done. Runs on the thread that writes
   * {@code events}.
   *
   * @param paths absolute, normalized paths, claimed for this backup ({@link BusyPaths})
   * @param code the code for every file
   */
  public void run(List<Path> paths, CodeParameters code, EventStream events) {
    long started = System.nanoTime();
    BackupSources.Found found = BackupSources.find(paths);
    long total = found.files().stream().mapToLong(BackupSources.Source::size).sum();
    events.send(Kind.START, new BackupEvents.Start(found.files().size(), total));
    for (BackupSources.Problem p : found.problems()) {
      events.send(
          p.skipped() ? Kind.SKIPPED : Kind.FAILED, new BackupEvents.Problem(p.path(), p.reason()));
    }
    Tally tally = new Tally(total);
    tally.failed.set((int) found.problems().stream().filter(p -> !p.skipped()).count());
    int skipped = found.problems().size() - tally.failed.get();
    // Several files at once: a small file's backup is mostly waiting for holders to fsync, and a
    // large one is bounded by its pipes, so a few in flight keep the holders busy.
    Semaphore slots = new Semaphore(PARALLEL_FILES);
    List<CompletableFuture<Void>> running = new ArrayList<>();
    for (BackupSources.Source source : found.files()) {
      while (!tryAcquire(slots)) {
        events.relayPending();
      }
      running.add(
          CompletableFuture.runAsync(() -> backUpOne(source, code, tally, events), executor)
              .whenComplete((ok, e) -> slots.release()));
    }
    // This thread writes the response: it relays the workers' events while it waits for a free
    // slot, and after the last file has started, until the last one is done.
    events.relayUntil(CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)));
    events.send(
        Kind.DONE,
        new BackupEvents.Done(
            tally.stored.get(),
            skipped,
            tally.failed.get(),
            tally.done.get(),
            (System.nanoTime() - started) / 1e9));
  }

  /** How a backup is doing, across its files. */
  private static final class Tally {
    final long total;
    final AtomicInteger stored = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicLong done = new AtomicLong();

    Tally(long total) {
      this.total = total;
    }
  }

  private static boolean tryAcquire(Semaphore slots) {
    try {
      return slots.tryAcquire(50, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while backing up", e);
    }
  }

  private void backUpOne(
      BackupSources.Source source, CodeParameters code, Tally tally, EventStream events) {
    String path = source.path().toString();
    events.send(Kind.FILE, new BackupEvents.File(path, source.size()));
    AtomicLong sent = new AtomicLong();
    try {
      FileEntry entry = backUp(source.path(), code, tally, sent, events);
      tally.stored.incrementAndGet();
      events.send(
          Kind.STORED,
          new BackupEvents.Stored(path, entry.version(), entry.size(), entry.sha256()));
    } catch (BackupException | RuntimeException e) {
      tally.failed.incrementAndGet();
      String reason = e instanceof BackupException ? e.getMessage() : Failures.describe(e);
      LOG.warning(() -> "backup of " + path + " failed: " + reason);
      events.send(Kind.FAILED, new BackupEvents.Problem(path, reason));
    }
    // The file counts as done whatever happened, with its size as it was found.
    tally.done.addAndGet(source.size() - sent.get());
  }

  /** Backs up one file as the path's next version and records it. */
  private FileEntry backUp(
      Path file, CodeParameters code, Tally tally, AtomicLong sent, EventStream events)
      throws BackupException {
    FileEntry newest = fileMap.newest(file.toString()).orElse(null);
    String fileId = newest != null ? newest.fileId() : FileBackup.newFileId();
    int version = newest != null ? newest.version() + 1 : 1;
    FileEntry entry;
    try {
      entry =
          backup.backup(
              file,
              fileId,
              version,
              code.k(),
              code.n(),
              FragmentEncoder.DEFAULT_SEGMENT_SIZE,
              bytes -> {
                sent.addAndGet(bytes);
                events.progress(tally.done.addAndGet(bytes), tally.total);
              });
    } catch (BackupException e) {
      forget(fileId, version, e);
      throw e;
    }
    try {
      return fileMap.record(entry);
    } catch (RuntimeException e) {
      BackupException failure =
          new BackupException(
              "the fragments were stored but could not be recorded: " + Failures.describe(e),
              entry.fragments());
      forget(fileId, version, failure);
      throw failure;
    }
  }

  /** Has the holders of a failed backup's fragments drop them, now or later. */
  private void forget(String fileId, int version, BackupException e) {
    if (!e.stored().isEmpty()) {
      fileMap.forget(fileId, version, e.stored());
      removals.drain();
    }
  }
}
