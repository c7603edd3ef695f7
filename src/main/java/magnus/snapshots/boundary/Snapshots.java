package magnus.snapshots.boundary;

import static magnus.host.boundary.Problems.problem;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import magnus.codec.CodeParameters;
import magnus.filemap.control.BusyPaths;
import magnus.filemap.control.PathBusyException;
import magnus.filemap.control.Removals;
import magnus.host.control.EventStream;
import magnus.host.control.Identity;
import magnus.host.control.Settings;
import magnus.packs.Tree;
import magnus.peers.control.PeerDirectory;
import magnus.snapshots.control.PackReader;
import magnus.snapshots.control.PathDeletion;
import magnus.snapshots.control.Permits;
import magnus.snapshots.control.Prune;
import magnus.snapshots.control.SnapshotRun;
import magnus.snapshots.control.SnapshotStore;
import magnus.snapshots.control.TreeRestore;
import magnus.snapshots.entity.Snapshot;

/**
 * Snapshots of whole trees (docs/api.md): back paths up as a snapshot, list snapshots, list a
 * directory of one, and restore a file or a tree from one. Backups and restores answer with a
 * stream of events; bad requests are refused before anything starts.
 */
@Path("snapshots")
@RequestScoped
public class Snapshots {

  static final String EVENTS = "application/x-ndjson";

  @Inject SnapshotRun runs;
  @Inject TreeRestore restores;
  @Inject SnapshotStore store;
  @Inject BusyPaths busy;
  @Inject Settings settings;
  @Inject PeerDirectory directory;
  @Inject Identity identity;
  @Inject Permits permits;
  @Inject Prune prune;
  @Inject Removals removals;
  @Inject PathDeletion deletion;

  /** Backs the request's paths up as one new snapshot. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(EVENTS)
  public Response backUp(
      @NotNull(message = "the request has no body; send {\"paths\": [\"/absolute/path\"]}") @Valid
          SnapshotRequest request) {
    List<java.nio.file.Path> paths =
        request.paths().stream().map(p -> java.nio.file.Path.of(p).normalize()).toList();
    for (java.nio.file.Path p : paths) {
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        throw problem(404, p + " does not exist; give paths that exist on this host");
      }
    }
    long k = request.k() != null ? request.k() : settings.defaultK();
    long n = request.n() != null ? request.n() : settings.defaultN();
    CodeParameters.problem(k, n)
        .ifPresent(
            p -> {
              throw problem(400, p);
            });
    CodeParameters code = new CodeParameters((int) k, (int) n);
    long others = directory.live().stream().filter(p -> !p.id().equals(identity.peerId())).count();
    if (others < code.n()) {
      throw problem(
          503,
          "need "
              + code.n()
              + " peers besides this one for n="
              + code.n()
              + ", "
              + others
              + " live; start more peers or choose a smaller n");
    }
    Permits.Permit permit = permit(Permits.Work.BACKUP);
    BusyPaths.Claim claim;
    try {
      claim = busy.claim(paths);
    } catch (PathBusyException e) {
      permit.close();
      throw problem(409, e.getMessage());
    }
    StreamingOutput body =
        out -> {
          try (permit;
              claim) {
            runs.run(paths, code, new EventStream(out));
          }
        };
    return Response.ok(body, EVENTS).build();
  }

  /** Every snapshot, newest first; with {@code path}, those that hold it. */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public List<SnapshotView> list(@QueryParam("path") String path) {
    Stream<Snapshot> all = store.snapshots().stream();
    if (path != null && !path.isBlank()) {
      String p = normalized(path);
      all = all.filter(s -> s.covers(p));
    }
    return all.map(SnapshotView::of).toList();
  }

  /**
   * What a snapshot holds at a path: a directory's entries, or the one entry of a file or link. The
   * newest snapshot that holds the path when none is named.
   */
  @GET
  @Path("tree")
  @Produces(MediaType.APPLICATION_JSON)
  public List<TreeEntry> tree(
      @QueryParam("snapshot") String snapshot,
      @QueryParam("path") String path,
      @QueryParam("asOf") String asOf) {
    String p = normalized(path == null || path.isBlank() ? "/" : path);
    Snapshot s = choose(snapshot, asOf, p);
    try {
      Tree.Node node =
          restores
              .locate(s, java.nio.file.Path.of(p))
              .orElseThrow(() -> problem(404, p + " is not in snapshot " + s.id()));
      if (node.type() != Tree.Type.DIR) {
        return List.of(TreeEntry.of(p, node));
      }
      List<TreeEntry> entries = new ArrayList<>();
      for (Tree.Node child : restores.children(node)) {
        entries.add(
            TreeEntry.of(p.equals("/") ? "/" + child.name() : p + "/" + child.name(), child));
      }
      return entries;
    } catch (PackReader.BlobException e) {
      throw problem(503, "cannot read snapshot " + s.id() + ": " + e.getMessage());
    }
  }

  /** Restores a file, a link or a tree of a snapshot. */
  @POST
  @Path("restores")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(EVENTS)
  public Response restore(
      @NotNull(message = "the request has no body; send {\"path\": \"/absolute/path\"}") @Valid
          SnapshotRestoreRequest request) {
    String path = normalized(request.path());
    Snapshot snapshot = choose(request.snapshot(), request.asOf(), path);
    java.nio.file.Path destination =
        java.nio.file.Path.of(request.to() != null ? request.to() : path).normalize();
    if (request.to() != null && Files.exists(destination, LinkOption.NOFOLLOW_LINKS)) {
      if (!emptyDirectory(destination)) {
        throw problem(
            409,
            destination
                + " exists; restore to a path that does not exist yet (it becomes the restored"
                + " copy), or to an empty directory");
      }
    }
    java.nio.file.Path parent = destination.getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw problem(
          409, parent + " is not a directory; create it first, or restore somewhere else");
    }
    try {
      if (restores.locate(snapshot, java.nio.file.Path.of(path)).isEmpty()) {
        throw problem(404, path + " is not in snapshot " + snapshot.id());
      }
    } catch (PackReader.BlobException e) {
      throw problem(503, "cannot read snapshot " + snapshot.id() + ": " + e.getMessage());
    }
    java.nio.file.Path source = java.nio.file.Path.of(path);
    Permits.Permit permit = permit(Permits.Work.RESTORE);
    StreamingOutput body =
        out -> {
          try (permit) {
            restores.run(snapshot, source, destination, new EventStream(out));
          }
        };
    return Response.ok(body, EVENTS).build();
  }

  /**
   * Forgets a snapshot: it is no longer listed nor restorable, and the pack of its record is
   * removed from its holders. What only it referenced is removed by the next prune.
   */
  @DELETE
  @Path("{id}")
  @Produces(MediaType.APPLICATION_JSON)
  public SnapshotForgotten forget(@PathParam("id") String id) {
    Snapshot snapshot = byId(id);
    try (Permits.Permit permit = permit(Permits.Work.FORGET)) {
      store.forget(snapshot);
      return new SnapshotForgotten(snapshot.id(), snapshot.paths(), removals.drain());
    }
  }

  /**
   * Deletes a path from every snapshot: each that holds it is recorded again without it, under a
   * new id, and one that held nothing else is forgotten. What only the path referenced is removed
   * by the next prune.
   */
  @DELETE
  @Produces(MediaType.APPLICATION_JSON)
  public PathDeleted deletePath(@QueryParam("path") String path) {
    if (path == null || path.isBlank()) {
      throw problem(400, "the request names no path; add ?path=/absolute/path");
    }
    String p = normalized(path);
    if (p.equals("/")) {
      throw problem(
          400,
          "deleting / would empty every snapshot; forget snapshots with bin/magnus forget"
              + " instead");
    }
    // Before the permit: a path that no snapshot's paths reach is answered at once, even while
    // backups run, so that a delete of a file backed up file by file is not held up by them.
    if (store.snapshots().stream().noneMatch(s -> s.touches(p))) {
      throw problem(404, "no snapshot holds " + p + "; bin/magnus snapshots lists them");
    }
    Permits.Permit permit;
    try {
      permit = permits.exclusive(Permits.Work.DELETION);
    } catch (Permits.BusyException e) {
      throw problem(409, e.getMessage());
    }
    try (permit) {
      PathDeletion.Outcome outcome = deletion.delete(java.nio.file.Path.of(p));
      if (outcome.none()) {
        throw problem(404, "no snapshot holds " + p + "; bin/magnus snapshots lists them");
      }
      return PathDeleted.of(p, outcome, removals.drain());
    } catch (PackReader.BlobException e) {
      throw problem(503, "no snapshot changed: cannot read a tree: " + e.getMessage());
    } catch (PathDeletion.DeletionException e) {
      throw problem(503, e.getMessage());
    }
  }

  /** Removes what no snapshot references, with a stream of events (docs/api.md). */
  @POST
  @Path("prune")
  @Produces(EVENTS)
  public Response prune() {
    Permits.Permit permit;
    try {
      permit = permits.exclusive();
    } catch (Permits.BusyException e) {
      throw problem(409, e.getMessage());
    }
    StreamingOutput body =
        out -> {
          try (permit) {
            prune.run(new EventStream(out));
          }
        };
    return Response.ok(body, EVENTS).build();
  }

  private Permits.Permit permit(Permits.Work work) {
    try {
      return permits.shared(work);
    } catch (Permits.BusyException e) {
      throw problem(409, e.getMessage());
    }
  }

  /** The snapshot an id or an id's prefix names. */
  Snapshot byId(String id) {
    if (id == null || !id.matches("[0-9a-f]{1,32}")) {
      throw problem(
          400,
          "snapshot is "
              + id
              + "; give a snapshot id (hex digits, as bin/magnus snapshots lists them)");
    }
    List<Snapshot> matches = store.snapshotsStartingWith(id);
    if (matches.isEmpty()) {
      throw problem(404, "no snapshot " + id + "; bin/magnus snapshots lists them");
    }
    if (matches.size() > 1) {
      throw problem(
          400, id + " starts the ids of " + matches.size() + " snapshots; give more digits");
    }
    return matches.get(0);
  }

  /**
   * The snapshot a request names by id; else the newest, made at or before {@code asOf} when it is
   * given, whose tree holds the path. Why not simply the newest of the path's snapshots: a file
   * deleted from the disk and then backed up over is in an older snapshot only, and that is the one
   * its owner wants back.
   */
  Snapshot choose(String id, String asOf, String path) {
    if (id != null && !id.isBlank()) {
      Snapshot s = byId(id);
      if (!s.covers(path)) {
        throw problem(
            404, "snapshot " + s.id() + " does not hold " + path + "; it holds " + s.paths());
      }
      return s;
    }
    List<Snapshot> holding = store.snapshots().stream().filter(s -> s.covers(path)).toList();
    if (holding.isEmpty()) {
      throw problem(404, "no snapshot holds " + path + "; bin/magnus snapshots lists them");
    }
    List<Snapshot> candidates = holding;
    if (asOf != null && !asOf.isBlank()) {
      Instant at = instant(asOf);
      candidates = holding.stream().filter(s -> !s.createdAt().isAfter(at)).toList();
      if (candidates.isEmpty()) {
        throw problem(
            404,
            "no snapshot of "
                + path
                + " was made at or before "
                + at
                + "; the first was made at "
                + holding.get(holding.size() - 1).createdAt());
      }
    }
    java.nio.file.Path p = java.nio.file.Path.of(path);
    for (Snapshot s : candidates) {
      try {
        if (restores.locate(s, p).isPresent()) {
          return s;
        }
      } catch (PackReader.BlobException e) {
        throw problem(503, "cannot read snapshot " + s.id() + ": " + e.getMessage());
      }
    }
    throw problem(
        404,
        "no snapshot holds "
            + path
            + ": "
            + (candidates.size() == 1
                ? "the one snapshot of its directories does not"
                : "none of the " + candidates.size() + " snapshots of its directories does")
            + "; bin/magnus ls --snapshot ID lists what one holds");
  }

  static Instant instant(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw problem(
          400,
          text
              + " is not a time; give an ISO-8601 time with its offset, such as"
              + " 2026-12-01T09:00:00Z");
    }
  }

  static String normalized(String path) {
    if (!path.startsWith("/")) {
      throw problem(400, path + " is a relative path; give an absolute path");
    }
    if (path.indexOf('\0') >= 0) {
      throw problem(400, "the path holds a NUL character; give a path without one");
    }
    return java.nio.file.Path.of(path).normalize().toString();
  }

  static boolean emptyDirectory(java.nio.file.Path p) {
    if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try (Stream<java.nio.file.Path> entries = Files.list(p)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }
}
