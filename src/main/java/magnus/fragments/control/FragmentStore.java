package magnus.fragments.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import magnus.fragments.entity.FragmentHeader;
import magnus.fragments.entity.HeldFragment;
import magnus.host.control.Settings;

/**
 * The FileDatabase: the fragments this peer holds for others, as files in the data directory
 * ({@link FragmentFiles}) and rows of {@code held_fragment}.
 *
 * <p>A store answers only after the fragment's file is fsynced and renamed into place and its row
 * is committed. Bodies are streamed, never held in memory. Capacity is counted from the rows.
 * Commits (store, remove) are serialized in this process, which holds the data directory alone: the
 * capacity check, the row and the file it names change together, and the time under the lock is one
 * short transaction, never a transfer.
 */
@ApplicationScoped
public class FragmentStore {

  static final Logger LOG = Logger.getLogger(FragmentStore.class.getName());

  /** The largest page a query answers; a default page is {@link #DEFAULT_PAGE}. */
  public static final int MAX_PAGE = 10_000;

  public static final int DEFAULT_PAGE = 1_000;

  @PersistenceContext(unitName = "magnus")
  EntityManager em;

  @Inject Settings settings;

  @Resource ManagedExecutorService flushes;

  private final ReentrantLock commits = new ReentrantLock();
  private volatile FragmentFiles files;
  private volatile boolean reconciled;
  private volatile String reconciliationProblem = "the fragment files have not been reconciled yet";

  public FragmentStore() {}

  /** For use outside a container (tests): over these settings; nothing that needs the database. */
  public FragmentStore(Settings settings) {
    this.settings = settings;
  }

  /** A fragment to be read: its header and its file. */
  public record Held(FragmentHeader header, Path file) {}

  /** One page of a query. {@code next} is null after the last page. */
  public record Page(List<FragmentHeader> fragments, String next) {}

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
    Object sum =
        em.createNativeQuery("SELECT COALESCE(SUM(length), 0)::bigint FROM held_fragment")
            .getSingleResult();
    return ((Number) sum).longValue();
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
   * Stores a fragment: streams the body to disk, checks it against the header, and records it.
   * Storing the same fragment again changes nothing; a different fragment at the same key replaces
   * the old one, whose file is deleted only after the new row is committed.
   *
   * @param header the fragment's header, validated here; its SHA-256 and metadata may follow the
   *     body in a trailer ({@link FragmentHeaders#awaitsTrailer})
   * @param body the fragment's bytes (and the trailer), read once, not closed
   * @param transactions runs the recording in a transaction
   * @return the header as stored, completed by the trailer
   * @throws FragmentRefusedException 400 for a bad header, trailer or a body that does not match
   *     it, 503 before start-up reconciliation, 507 over capacity, 500 when the disk or database
   *     fails
   */
  public FragmentHeader store(FragmentHeader header, InputStream body, Transactions transactions) {
    if (FragmentHeaders.awaitsTrailer(header)) {
      FragmentHeaders.validateAnnounced(header);
    } else {
      FragmentHeaders.validate(header);
    }
    requireReconciled();
    Optional<FragmentHeader> before = find(keyOf(header));
    // Refuse before reading the body when the claimed length alone does not fit.
    checkCapacity(header, usedBytes() - before.map(FragmentHeader::length).orElse(0L));
    checkDisk(header);

    FragmentHeader stored;
    boolean wrote;
    if (before.isPresent()
        && !FragmentHeaders.awaitsTrailer(header)
        && before.get().sha256().equals(header.sha256())
        && before.get().length() == header.length()
        && Files.isRegularFile(files().pathOf(header))) {
      // The same bytes are here already: check the body but keep the file.
      files().verify(header, body);
      stored = header;
      wrote = false;
    } else {
      stored = files().write(header, body);
      wrote = true;
    }
    Path target = files().pathOf(stored);

    commits.lock();
    try {
      Path previous;
      try {
        previous = transactions.inTransaction(() -> record(stored, target));
      } catch (RuntimeException e) {
        if (wrote) {
          discardUnrecorded(stored, target);
        }
        throw e;
      }
      if (previous != null && !previous.equals(target)) {
        deleteQuietly(previous);
      }
      return stored;
    } finally {
      commits.unlock();
    }
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

  /** Inside the transaction: final capacity check, then the row. Answers the replaced file. */
  private Path record(FragmentHeader header, Path target) {
    if (!Files.isRegularFile(target)) {
      throw FragmentRefusedException.failed(
          "the fragment file " + target + " vanished before its row was recorded; store it again",
          null);
    }
    HeldFragment row = em.find(HeldFragment.class, keyOf(header));
    FragmentHeader old = row == null ? null : row.header();
    checkCapacity(header, usedBytes() - (old == null ? 0 : old.length()));
    if (row == null) {
      em.persist(new HeldFragment(header, Instant.now()));
    } else if (!old.equals(header)) {
      row.replace(header, Instant.now());
    }
    em.flush();
    return old == null ? null : files().pathOf(old);
  }

  /** The file the committed row of this key names now, or null. */
  private Path previousOf(FragmentHeader header) {
    return find(keyOf(header)).map(h -> files().pathOf(h)).orElse(null);
  }

  private void checkCapacity(FragmentHeader header, long usedByOthers) {
    long capacity = settings.capacityBytes();
    if (usedByOthers + header.length() > capacity) {
      throw FragmentRefusedException.insufficientStorage(
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
      throw FragmentRefusedException.insufficientStorage(
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
    HeldFragment row = em.find(HeldFragment.class, key);
    return row == null ? Optional.empty() : Optional.of(row.header());
  }

  /**
   * A held fragment to stream back.
   *
   * @throws FragmentRefusedException 404 when it is not held, 500 when its file is gone
   */
  public Held retrieve(String owner, String fileId, int version, int index) {
    FragmentHeaders.validateKey(owner, fileId, version, index);
    FragmentHeader header =
        find(new HeldFragment.Key(owner, fileId, version, index))
            .orElseThrow(
                () ->
                    FragmentRefusedException.notFound(
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
      throw FragmentRefusedException.failed(
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
   * Removes a fragment: its row in a transaction, then its file. Removing a fragment that is not
   * held is no error.
   *
   * @return whether a fragment was held
   */
  public boolean remove(
      String owner, String fileId, int version, int index, Transactions transactions) {
    FragmentHeaders.validateKey(owner, fileId, version, index);
    HeldFragment.Key key = new HeldFragment.Key(owner, fileId, version, index);
    commits.lock();
    try {
      Path file =
          transactions.inTransaction(
              () -> {
                HeldFragment row = em.find(HeldFragment.class, key);
                if (row == null) {
                  return null;
                }
                em.remove(row);
                em.flush();
                return files().pathOf(row.header());
              });
      if (file == null) {
        return false;
      }
      deleteQuietly(file);
      return true;
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
  @SuppressWarnings("unchecked")
  public Page page(String owner, String after, int limit) {
    FragmentHeaders.validateKey(owner, "cursor", 1, 0);
    if (limit < 1 || limit > MAX_PAGE) {
      throw FragmentRefusedException.badRequest(
          "limit is " + limit + "; ask for 1 to " + MAX_PAGE + " fragments a page");
    }
    Cursor cursor = after == null || after.isEmpty() ? null : Cursor.parse(after);
    String sql =
        "SELECT owner, file_id, version, fragment_index, k, n, file_size, segment_size, length,"
            + " sha256, metadata FROM held_fragment WHERE owner = ?1"
            + (cursor == null
                ? " ORDER BY file_id, version, fragment_index LIMIT ?2"
                : " AND (file_id, version, fragment_index) > (?2, ?3, ?4)"
                    + " ORDER BY file_id, version, fragment_index LIMIT ?5");
    var query = em.createNativeQuery(sql).setParameter(1, owner);
    if (cursor == null) {
      query.setParameter(2, limit + 1);
    } else {
      query.setParameter(2, cursor.fileId()).setParameter(3, cursor.version());
      query.setParameter(4, cursor.index()).setParameter(5, limit + 1);
    }
    List<Object[]> rows = query.getResultList();
    List<FragmentHeader> headers = new ArrayList<>(Math.min(rows.size(), limit));
    for (int i = 0; i < rows.size() && i < limit; i++) {
      Object[] r = rows.get(i);
      headers.add(
          new FragmentHeader(
              (String) r[0],
              (String) r[1],
              ((Number) r[2]).intValue(),
              ((Number) r[3]).intValue(),
              ((Number) r[4]).intValue(),
              ((Number) r[5]).intValue(),
              ((Number) r[6]).longValue(),
              ((Number) r[7]).intValue(),
              ((Number) r[8]).longValue(),
              ((String) r[9]).strip(),
              Objects.toString(r[10], "")));
    }
    String next = null;
    if (rows.size() > limit) {
      FragmentHeader last = headers.get(headers.size() - 1);
      next = new Cursor(last.fileId(), last.version(), last.index()).toString();
    }
    return new Page(headers, next);
  }

  /**
   * The paging cursor: the key of the last fragment of a page, {@code fileId/version/index}. File
   * ids cannot hold '/', so it splits back unambiguously.
   */
  public record Cursor(String fileId, int version, int index) {

    public static Cursor parse(String text) {
      String[] parts = text.split("/", -1);
      if (parts.length != 3) {
        throw FragmentRefusedException.badRequest(
            "after '"
                + FragmentHeaders.clip(text)
                + "' is not a cursor; pass the 'next' value of the previous page as it is");
      }
      Cursor cursor =
          new Cursor(
              parts[0],
              FragmentHeaders.parseInt("the cursor's version", parts[1]),
              FragmentHeaders.parseInt("the cursor's index", parts[2]));
      FragmentHeaders.validateKey("0".repeat(32), cursor.fileId, cursor.version, cursor.index);
      return cursor;
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
  public FragmentFiles.Reconciliation reconcile(Transactions transactions) {
    commits.lock();
    try {
      List<Object[]> keys =
          castRows(
              em.createNativeQuery(
                      "SELECT owner, file_id, version, fragment_index, sha256, length"
                          + " FROM held_fragment")
                  .getResultList());
      List<FragmentFiles.Row> rows = new ArrayList<>(keys.size());
      for (Object[] r : keys) {
        rows.add(
            new FragmentFiles.Row(
                FragmentFiles.relativePath(
                    (String) r[0],
                    (String) r[1],
                    ((Number) r[2]).intValue(),
                    ((Number) r[3]).intValue(),
                    ((String) r[4]).strip()),
                ((Number) r[5]).longValue()));
      }
      FragmentFiles.Reconciliation found = files().reconcile(rows);
      List<String> lost = new ArrayList<>(found.rowsWithoutFile());
      lost.addAll(found.rowsWithWrongSize());
      if (!lost.isEmpty()) {
        transactions.inTransaction(
            () -> {
              for (String relative : lost) {
                String[] p = relative.split("/");
                HeldFragment row =
                    em.find(
                        HeldFragment.class,
                        new HeldFragment.Key(
                            p[0],
                            p[1],
                            Integer.parseInt(p[2]),
                            Integer.parseInt(p[3].substring(0, p[3].indexOf('.')))));
                if (row != null) {
                  em.remove(row);
                }
              }
              return null;
            });
      }
      report(found);
      reconciliationProblem = null;
      reconciled = true;
      return found;
    } catch (RuntimeException e) {
      String problem =
          "reconciling the fragment files with the database failed: "
              + e
              + "; stores are refused until it succeeds (retried every few seconds)";
      if (!problem.equals(reconciliationProblem)) {
        LOG.log(Level.SEVERE, problem, e); // once per distinct failure, not every retry
      }
      reconciliationProblem = problem;
      throw e;
    } finally {
      commits.unlock();
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Object[]> castRows(List<?> rows) {
    return (List<Object[]>) rows;
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

  /** Why stores are refused now, or null when the store takes work. */
  public String reconciliationProblem() {
    return reconciliationProblem;
  }

  /** Notes a reconciliation that cannot run yet (the schema is not there). */
  public void reconciliationPending(String why) {
    if (!reconciled) {
      reconciliationProblem = why;
    }
  }

  private void requireReconciled() {
    if (!reconciled) {
      throw FragmentRefusedException.unavailable(
          "this peer is starting and not yet taking fragments ("
              + reconciliationProblem
              + "); try again shortly or use another peer");
    }
  }

  private static HeldFragment.Key keyOf(FragmentHeader h) {
    return new HeldFragment.Key(h.owner(), h.fileId(), h.version(), h.index());
  }

  private void deleteQuietly(Path file) {
    try {
      files().delete(file);
    } catch (RuntimeException e) {
      // The row no longer names it: start-up reconciliation moves it to orphans/.
      LOG.log(Level.WARNING, "cannot delete the fragment file " + file + ": " + e, e);
    }
  }
}
