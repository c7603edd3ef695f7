package magnus.filemap.boundary;

import static magnus.host.boundary.Problems.problem;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import magnus.codec.FragmentEncoder;
import magnus.filemap.control.BackupException;
import magnus.filemap.control.BackupSources;
import magnus.filemap.control.BusyPaths;
import magnus.filemap.control.FileBackup;
import magnus.filemap.control.PathBusyException;
import magnus.filemap.entity.FileEntry;
import magnus.host.control.CachedJson;
import magnus.host.control.EventStream;
import magnus.host.control.Failures;
import magnus.host.control.Identity;
import magnus.host.control.Settings;
import magnus.peers.control.PeerDirectory;

/**
 * Backs up files and directory trees of this host (docs/api.md, POST /api/backups). Answers with a
 * stream of events: each file's outcome as it happens, and progress.
 */
@Path("backups")
public class Backups {

  static final Logger LOG = Logger.getLogger(Backups.class.getName());

  @Inject FileMap fileMap;
  @Inject FileBackup backup;
  @Inject Removals removals;
  @Inject Settings settings;
  @Inject PeerDirectory directory;
  @Inject Identity identity;
  @Inject BusyPaths busy;

  @Resource ManagedExecutorService executor;

  /** Files backed up at once. */
  static final int PARALLEL_FILES = 4;

  /** Starts a backup of the request's paths; bad requests are refused before anything starts. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces("application/x-ndjson")
  public Response backUp(JsonObject request) {
    if (request == null) {
      throw problem(400, "the request has no body; send {\"paths\": [\"/absolute/path\"]}");
    }
    for (String field : request.keySet()) {
      if (!Set.of("paths", "k", "n").contains(field)) {
        throw problem(400, "unknown field \"" + field + "\"; a backup takes paths, k and n");
      }
    }
    List<java.nio.file.Path> paths = paths(request.get("paths"));
    int k = number(request, "k", settings.defaultK());
    int n = number(request, "n", settings.defaultN());
    if (k > n) {
      throw problem(400, "k=" + k + " is larger than n=" + n + "; choose k <= n");
    }
    long others = directory.live().stream().filter(p -> !p.id().equals(identity.peerId())).count();
    if (others < n) {
      throw problem(
          503,
          "need "
              + n
              + " peers besides this one for n="
              + n
              + ", "
              + others
              + " live; start more peers or choose a smaller n");
    }
    BusyPaths.Claim claim;
    try {
      claim = busy.claim(paths);
    } catch (PathBusyException e) {
      throw problem(409, e.getMessage());
    }
    StreamingOutput body =
        out -> {
          try (claim) {
            run(paths, k, n, new EventStream(out));
          }
        };
    return Response.ok(body, "application/x-ndjson").build();
  }

  private void run(List<java.nio.file.Path> paths, int k, int n, EventStream events) {
    long started = System.nanoTime();
    BackupSources.Found found = BackupSources.find(paths);
    long total = found.files().stream().mapToLong(BackupSources.Source::size).sum();
    events.send(
        CachedJson.createObjectBuilder()
            .add("event", "start")
            .add("files", found.files().size())
            .add("bytes", total)
            .build());
    for (BackupSources.Problem p : found.problems()) {
      events.send(
          CachedJson.createObjectBuilder()
              .add("event", p.skipped() ? "skipped" : "failed")
              .add("path", p.path())
              .add("reason", p.reason())
              .build());
    }
    AtomicInteger stored = new AtomicInteger();
    AtomicInteger failed =
        new AtomicInteger((int) found.problems().stream().filter(p -> !p.skipped()).count());
    int skipped = found.problems().size() - failed.get();
    AtomicLong done = new AtomicLong();
    // Several files at once: a small file's backup is mostly waiting for holders to fsync, and a
    // large one is bounded by its pipes, so a few in flight keep the holders busy.
    Semaphore slots = new Semaphore(PARALLEL_FILES);
    List<CompletableFuture<Void>> running = new ArrayList<>();
    for (BackupSources.Source source : found.files()) {
      while (!tryAcquire(slots)) {
        events.relayPending();
      }
      running.add(
          CompletableFuture.runAsync(
                  () -> backUpOne(source, k, n, done, total, events, stored, failed), executor)
              .whenComplete((ok, e) -> slots.release()));
    }
    // This thread writes the response: it relays the workers' events while it waits for a free
    // slot, and after the last file has started, until the last one is done.
    CompletableFuture<Void> all =
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new));
    events.relayUntil(all);
    events.send(
        CachedJson.createObjectBuilder()
            .add("event", "done")
            .add("stored", stored.get())
            .add("skipped", skipped)
            .add("failed", failed.get())
            .add("bytes", done.get())
            .add("seconds", (System.nanoTime() - started) / 1e9)
            .build());
  }

  private static boolean tryAcquire(Semaphore slots) {
    try {
      return slots.tryAcquire(50, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while backing up", e);
    }
  }

  private void backUpOne(
      BackupSources.Source source,
      int k,
      int n,
      AtomicLong done,
      long total,
      EventStream events,
      AtomicInteger stored,
      AtomicInteger failed) {
    String path = source.path().toString();
    events.send(
        CachedJson.createObjectBuilder()
            .add("event", "file")
            .add("path", path)
            .add("size", source.size())
            .build());
    AtomicLong sent = new AtomicLong();
    try {
      FileEntry entry = backUp(source.path(), k, n, done, sent, total, events);
      stored.incrementAndGet();
      events.send(
          CachedJson.createObjectBuilder()
              .add("event", "stored")
              .add("path", path)
              .add("version", entry.version())
              .add("size", entry.size())
              .add("sha256", entry.sha256())
              .build());
    } catch (BackupException | RuntimeException e) {
      failed.incrementAndGet();
      String reason = e instanceof BackupException ? e.getMessage() : Failures.describe(e);
      LOG.warning(() -> "backup of " + path + " failed: " + reason);
      events.send(
          CachedJson.createObjectBuilder()
              .add("event", "failed")
              .add("path", path)
              .add("reason", reason)
              .build());
    }
    // The file counts as done whatever happened, with its size as it was found.
    done.addAndGet(source.size() - sent.get());
  }

  /** Backs up one file as the path's next version and records it. */
  private FileEntry backUp(
      java.nio.file.Path file,
      int k,
      int n,
      AtomicLong done,
      AtomicLong sent,
      long total,
      EventStream events)
      throws BackupException {
    String path = file.toString();
    FileEntry newest = fileMap.newest(path).orElse(null);
    String fileId = newest != null ? newest.fileId() : FileBackup.newFileId();
    int version = newest != null ? newest.version() + 1 : 1;
    FileEntry entry;
    try {
      entry =
          backup.backup(
              file,
              fileId,
              version,
              k,
              n,
              FragmentEncoder.DEFAULT_SEGMENT_SIZE,
              bytes -> {
                sent.addAndGet(bytes);
                events.progress(done.addAndGet(bytes), total);
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

  private static List<java.nio.file.Path> paths(JsonValue value) {
    if (value == null || value.getValueType() != JsonValue.ValueType.ARRAY) {
      throw problem(400, "paths is missing; send {\"paths\": [\"/absolute/path\", ...]}");
    }
    List<java.nio.file.Path> paths = new ArrayList<>();
    for (JsonValue v : value.asJsonArray()) {
      if (!(v instanceof JsonString s) || s.getString().isBlank()) {
        throw problem(400, "every entry of paths must be a path string, got " + v);
      }
      java.nio.file.Path p = java.nio.file.Path.of(s.getString());
      if (!p.isAbsolute()) {
        throw problem(400, s.getString() + " is a relative path; give absolute paths");
      }
      paths.add(p.normalize());
    }
    if (paths.isEmpty()) {
      throw problem(400, "paths is empty; name at least one file or directory to back up");
    }
    return paths;
  }

  private static int number(JsonObject request, String field, int otherwise) {
    JsonValue v = request.get(field);
    if (v == null || v == JsonValue.NULL) {
      return otherwise;
    }
    if (!(v instanceof JsonNumber number) || !number.isIntegral()) {
      throw problem(400, field + " must be a whole number from 1 to 256, got " + v);
    }
    int value = number.intValue();
    if (value < 1 || value > 256) {
      throw problem(400, field + "=" + value + " is out of range; choose 1 to 256");
    }
    return value;
  }
}
