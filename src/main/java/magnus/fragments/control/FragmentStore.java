package magnus.fragments.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import magnus.fragments.entity.FragmentHeader;
import magnus.fragments.entity.FragmentTrailer;
import magnus.fragments.entity.HeldFragment;
import magnus.host.control.Settings;

/**
 * The FileDatabase: the fragments this peer holds for others, as files in the data directory
 * ({@link FragmentFiles}) and rows of {@code held_fragment} ({@link HeldFragments}).
 *
 * <p>It takes domain values (a header, the fragment's bytes as a stream, a trailer already parsed)
 * and fails with {@link FragmentException}s; the wire is the boundary's. A store returns only after
 * the fragment's file is fsynced and renamed into place and its row is committed. Bodies are
 * streamed, never held in memory. Capacity is counted from the rows. Commits (store, remove) are
 * serialized in this process, which holds the data directory alone: the capacity check, the row and
 * the file it names change together, and the time under the lock is one short transaction, never a
 * transfer.
 */
@ApplicationScoped
public class FragmentStore {

  static final Logger LOG = Logger.getLogger(FragmentStore.class.getName());

  /** The largest page a query answers; a default page is {@link #DEFAULT_PAGE}. */
  public static final int MAX_PAGE = 10_000;

  public static final int DEFAULT_PAGE = 1_000;

  /** Where start-up reconciliation stands; stores are taken only once it is {@code DONE}. */
  public enum Reconciliation {
    /** Not run yet, or waiting for the database schema. */
    PENDING,
    /** Tried and failed; tried again every few seconds. */
    FAILED,
    /** The files and the rows agree; stores are taken. */
    DONE
  }

  @Inject HeldFragments rows;

  @Inject Settings settings;

  @Resource ManagedExecutorService flushes;

  private final ReentrantLock commits = new ReentrantLock();
  private volatile FragmentFiles files;
  private volatile Reconciliation reconciliation = Reconciliation.PENDING;
  private volatile String reconciliationProblem = "the fragment files have not been reconciled yet";

  public FragmentStore() {}

  /** For use outside a container (tests): over these settings; nothing that needs the database. */
  public FragmentStore(Settings settings) {
    this.settings = settings;
  }

  /** A fragment to be read: its header and its file. */
  public record Held(FragmentHeader header, Path file) {}

  /** One page of a query. {@code next} is null after the last page. */
  public record Page(List<FragmentHeader> fragments, Cursor next) {}

  FragmentFiles files() {
    FragmentFiles current = files;
    if (current == null) {
      current = new FragmentFiles(settings.dataDirectory(), flushes);
      files = current;
    }
    return current;
  }

  /** Bytes of fragments held for others now, counted against the offered capacity. */
  public long usedBytes() {
    return rows.usedBytes();
  }

  /** The bytes this peer offers to others. */
  public long capacityBytes() {
    return settings.capacityBytes();
  }

  /**
   * What this peer can still take: the offered capacity less the bytes held, and never more than
   * the disk under the data directory can still take. This, not the offer, is what the peer
   * publishes and what placement goes by: a peer whose disk is full offers nothing, whatever its
   * capacity setting says.
   */
  public long freeBytes() {
    return Math.min(Math.max(0, capacityBytes() - usedBytes()), usableDiskBytes());
  }

  /** Bytes the disk under the data directory can still take; 0 when it cannot even be asked. */
  long usableDiskBytes() {
    try {
      return Files.getFileStore(settings.dataDirectory()).getUsableSpace();
    } catch (IOException | SecurityException e) {
      return 0; // a data directory that cannot be stat'ed takes no fragments
    }
  }

  /**
   * Stores a fragment: streams its bytes to disk, checks them against the header, and records it.
   * Storing the same fragment again changes nothing; a different fragment at the same key replaces
   * the old one, whose file is deleted only after the new row is committed.
   *
   * @param header the fragment's header, checked here; when it {@link FragmentRules#awaitsTrailer
   *     awaits its trailer}, its SHA-256 and metadata come from {@code end}
   * @param bytes the fragment's bytes; exactly {@code header.length()} are read, and it is not
   *     closed
   * @param end called once after the bytes are read: the trailer, as the wire sent it after them
   *     (for a complete header, the header's own SHA-256 and metadata)
   * @return the header as stored, completed by the trailer; its row is committed
   * @throws FragmentException INVALID or MISMATCH for a bad header, trailer or bytes;
   *     NOT_RECONCILED before start-up reconciliation; NO_ROOM over capacity or disk; FAILED when
   *     the disk or database fails
   */
  public FragmentHeader store(
      FragmentHeader header, InputStream bytes, Supplier<FragmentTrailer> end) {
    if (FragmentRules.awaitsTrailer(header)) {
      FragmentRules.validateAnnounced(header);
    } else {
      FragmentRules.validate(header);
    }
    requireReconciled();
    Optional<FragmentHeader> before = rows.find(HeldFragments.keyOf(header));
    // Refuse before reading the body when the claimed length alone does not fit.
    checkCapacity(
        header, capacityBytes(), usedBytes() - before.map(FragmentHeader::length).orElse(0L));
    checkDisk(header);

    FragmentHeader stored;
    boolean wrote;
    if (before.isPresent()
        && !FragmentRules.awaitsTrailer(header)
        && before.get().sha256().equals(header.sha256())
        && before.get().length() == header.length()
        && Files.isRegularFile(files().pathOf(header))) {
      // The same bytes are here already: check the body but keep the file.
      stored = files().verify(header, bytes, end);
      wrote = false;
    } else {
      stored = files().write(header, bytes, end);
      wrote = true;
    }
    Path target = files().pathOf(stored);

    commits.lock();
    try {
      Optional<FragmentHeader> previous;
      try {
        if (!Files.isRegularFile(target)) {
          throw FragmentException.failed(
              "the fragment file "
                  + target
                  + " vanished before its row was recorded; store it again",
              null);
        }
        previous = rows.record(stored, capacityBytes());
      } catch (RuntimeException e) {
        if (wrote) {
          discardUnrecorded(stored, target);
        }
        throw recording(e);
      }
      previous
          .map(h -> files().pathOf(h))
          .filter(p -> !p.equals(target))
          .ifPresent(this::deleteQuietly);
      return stored;
    } finally {
      commits.unlock();
    }
  }

  /** A failure to record, as the FileDatabase reports it. */
  private static FragmentException recording(RuntimeException e) {
    if (e instanceof FragmentException known) {
      return known;
    }
    return FragmentException.failed(
        "cannot record in the database: " + rootMessage(e) + "; try again later", e);
  }

  /**
   * After a failed recording, deletes the new file unless the committed row names it (a store of
   * the same bytes whose file had gone missing). When the database cannot say, the file stays:
   * start-up reconciliation moves it to orphans/ if no row names it.
   */
  private void discardUnrecorded(FragmentHeader header, Path target) {
    try {
      if (!target.equals(previousOf(header))) {
        deleteQuietly(target);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "kept " + target + " after a failed store: " + e, e);
    }
  }

  /** The file the committed row of this key names now, or null. */
  private Path previousOf(FragmentHeader header) {
    return rows.find(HeldFragments.keyOf(header)).map(h -> files().pathOf(h)).orElse(null);
  }

  static void checkCapacity(FragmentHeader header, long capacity, long usedByOthers) {
    if (usedByOthers + header.length() > capacity) {
      throw FragmentException.noRoom(
          "this peer offers "
              + capacity
              + " bytes and holds "
              + usedByOthers
              + "; a fragment of "
              + header.length()
              + " bytes does not fit, store it on another peer");
    }
  }

  /** Before the body is written: the disk must take it too (the row check cannot see the disk). */
  private void checkDisk(FragmentHeader header) {
    long usable = usableDiskBytes();
    if (header.length() > usable) {
      throw FragmentException.noRoom(
          "the disk under "
              + settings.dataDirectory()
              + " can take "
              + usable
              + " more bytes; a fragment of "
              + header.length()
              + " bytes does not fit, store it on another peer");
    }
  }

  /** The header of a held fragment, if this peer holds it. */
  public Optional<FragmentHeader> find(HeldFragment.Key key) {
    return rows.find(key);
  }

  /**
   * A held fragment to stream back.
   *
   * @throws FragmentException NOT_HELD when it is not held, FAILED when its file is gone
   */
  public Held retrieve(String owner, String fileId, long version, long index) {
    FragmentRules.key(owner, fileId, version, index);
    FragmentHeader header =
        rows.find(new HeldFragment.Key(owner, fileId, (int) version, (int) index))
            .orElseThrow(
                () ->
                    FragmentException.notHeld(
                        "this peer holds no fragment "
                            + index
                            + " of version "
                            + version
                            + " of file "
                            + fileId
                            + " of owner "
                            + owner
                            + "; ask another holder"));
    Path file = files().pathOf(header);
    if (!Files.isRegularFile(file)) {
      LOG.severe(() -> "the row of " + file + " is committed but the file is missing");
      throw FragmentException.failed(
          "this peer lost the file of fragment "
              + index
              + " of "
              + fileId
              + " v"
              + version
              + "; use another holder's fragment",
          null);
    }
    return new Held(header, file);
  }

  /**
   * Removes a fragment: its row (committed), then its file. Removing a fragment that is not held is
   * no error.
   *
   * @return whether a fragment was held
   */
  public boolean remove(String owner, String fileId, long version, long index) {
    FragmentRules.key(owner, fileId, version, index);
    HeldFragment.Key key = new HeldFragment.Key(owner, fileId, (int) version, (int) index);
    commits.lock();
    try {
      Optional<FragmentHeader> removed;
      try {
        removed = rows.remove(key);
      } catch (RuntimeException e) {
        throw recording(e);
      }
      removed.ifPresent(h -> deleteQuietly(files().pathOf(h)));
      return removed.isPresent();
    } finally {
      commits.unlock();
    }
  }

  /**
   * One page of the headers held for an owner, in (fileId, version, index) order: one indexed query
   * per page (keyset pagination), however deep the page.
   *
   * @param after the {@code next} cursor of the previous page, or null for the first page
   * @param limit page size, 1 to {@link #MAX_PAGE}
   */
  public Page page(String owner, Cursor after, long limit) {
    FragmentRules.key(owner, "cursor", 1, 0);
    if (limit < 1 || limit > MAX_PAGE) {
      throw FragmentException.invalid(
          "limit is " + limit + "; ask for 1 to " + MAX_PAGE + " fragments a page");
    }
    List<FragmentHeader> headers = new ArrayList<>(rows.page(owner, after, (int) limit + 1));
    Cursor next = null;
    if (headers.size() > limit) {
      headers.remove(headers.size() - 1);
      FragmentHeader last = headers.get(headers.size() - 1);
      next = new Cursor(last.fileId(), last.version(), last.index());
    }
    return new Page(headers, next);
  }

  /**
   * The paging cursor: the key of the last fragment of a page, {@code fileId/version/index}. File
   * ids cannot hold '/', so it splits back unambiguously.
   */
  public record Cursor(String fileId, int version, int index) {

    /**
     * @throws FragmentException (INVALID) when the text is not a cursor
     */
    public static Cursor parse(String text) {
      String[] parts = text.split("/", -1);
      if (parts.length != 3) {
        throw FragmentException.invalid(
            "after '"
                + FragmentRules.clip(text)
                + "' is not a cursor; pass the 'next' value of the previous page as it is");
      }
      long version = FragmentRules.wholeNumber("the cursor's version", parts[1]);
      long index = FragmentRules.wholeNumber("the cursor's index", parts[2]);
      FragmentRules.key("0".repeat(32), parts[0], version, index);
      return new Cursor(parts[0], (int) version, (int) index);
    }

    @Override
    public String toString() {
      return fileId + "/" + version + "/" + index;
    }
  }

  // ----- start-up -----

  /**
   * Reconciles the files with the rows (see {@link FragmentFiles#reconcile}) and deletes the rows
   * whose file is missing or has the wrong size, in one transaction. Every finding is logged.
   * Stores are refused until this has succeeded once.
   */
  public FragmentFiles.Reconciliation reconcile() {
    commits.lock();
    try {
      List<HeldFragments.Stored> stored = rows.all();
      List<FragmentFiles.Row> fileRows = new ArrayList<>(stored.size());
      Map<String, HeldFragment.Key> keys = new HashMap<>();
      for (HeldFragments.Stored s : stored) {
        fileRows.add(new FragmentFiles.Row(s.relativePath(), s.length()));
        keys.put(s.relativePath(), s.key());
      }
      FragmentFiles.Reconciliation found = files().reconcile(fileRows);
      List<HeldFragment.Key> lost = new ArrayList<>();
      found.rowsWithoutFile().forEach(f -> lost.add(keys.get(f)));
      found.rowsWithWrongSize().forEach(f -> lost.add(keys.get(f)));
      if (!lost.isEmpty()) {
        rows.removeAll(lost);
      }
      report(found);
      reconciliationProblem = null;
      reconciliation = Reconciliation.DONE;
      return found;
    } catch (RuntimeException e) {
      String problem =
          "reconciling the fragment files with the database failed: "
              + rootMessage(e)
              + "; stores are refused until it succeeds (retried every few seconds)";
      if (!problem.equals(reconciliationProblem)) {
        LOG.log(Level.SEVERE, problem, e); // once per distinct failure, not every retry
      }
      reconciliationProblem = problem;
      reconciliation = Reconciliation.FAILED;
      throw e;
    } finally {
      commits.unlock();
    }
  }

  private void report(FragmentFiles.Reconciliation found) {
    Path root = files().root();
    found
        .temporariesRemoved()
        .forEach(f -> LOG.info(() -> "removed the temporary file of an interrupted store: " + f));
    found
        .orphansMoved()
        .forEach(
            f ->
                LOG.warning(
                    () ->
                        "the fragment file "
                            + root.resolve(f)
                            + " has no row; moved to "
                            + files().orphans().resolve(f)));
    found
        .rowsWithoutFile()
        .forEach(
            f ->
                LOG.warning(
                    () ->
                        "the fragment file "
                            + root.resolve(f)
                            + " is missing; its row is deleted (the owner's repair will place the"
                            + " fragment again)"));
    found
        .rowsWithWrongSize()
        .forEach(
            f ->
                LOG.warning(
                    () ->
                        "the fragment file "
                            + root.resolve(f)
                            + " does not have its row's length; its row is deleted and the file"
                            + " moved to "
                            + files().orphans().resolve(f)));
    if (found.clean()) {
      LOG.info("fragment files reconciled with the database: everything in place");
    } else {
      LOG.warning("fragment files reconciled with the database: " + found.summary());
    }
  }

  /** Where start-up reconciliation stands. */
  public Reconciliation reconciliation() {
    return reconciliation;
  }

  /** Why stores are refused now, or null when the store takes work. */
  public String reconciliationProblem() {
    return reconciliationProblem;
  }

  /** Notes a reconciliation that cannot run yet (the schema is not there). */
  public void reconciliationPending(String why) {
    if (reconciliation != Reconciliation.DONE) {
      reconciliation = Reconciliation.PENDING;
      reconciliationProblem = why;
    }
  }

  private void requireReconciled() {
    if (reconciliation != Reconciliation.DONE) {
      throw FragmentException.notReconciled(
          "this peer is starting and not yet taking fragments ("
              + reconciliationProblem
              + "); try again shortly or use another peer");
    }
  }

  private void deleteQuietly(Path file) {
    try {
      files().delete(file);
    } catch (RuntimeException e) {
      // The row no longer names it: start-up reconciliation moves it to orphans/.
      LOG.log(Level.WARNING, "cannot delete the fragment file " + file + ": " + e, e);
    }
  }

  /** The innermost cause's message, on one line. */
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
