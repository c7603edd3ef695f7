package magnus.filemap.boundary;

import static magnus.host.boundary.Problems.problem;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.List;
import magnus.codec.CodeParameters;
import magnus.filemap.control.BackupRun;
import magnus.filemap.control.BusyPaths;
import magnus.filemap.control.PathBusyException;
import magnus.host.control.EventStream;
import magnus.host.control.Identity;
import magnus.host.control.Settings;
import magnus.peers.control.PeerDirectory;

/**
 * Backs up files and directory trees of this host (docs/api.md, POST /api/backups). Answers with a
 * stream of events: each file's outcome as it happens, and progress. Bad requests are refused
 * before anything starts.
 */
@Path("backups")
@RequestScoped
public class Backups {

  /** The media type of the event stream. */
  static final String EVENTS = "application/x-ndjson";

  @Inject BackupRun backups;
  @Inject BusyPaths busy;
  @Inject Settings settings;
  @Inject PeerDirectory directory;
  @Inject Identity identity;

  /** Starts a backup of the request's paths. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(EVENTS)
  public Response backUp(
      @NotNull(message = "the request has no body; send {\"paths\": [\"/absolute/path\"]}") @Valid
          BackupRequest request) {
    List<java.nio.file.Path> paths =
        request.paths().stream().map(p -> java.nio.file.Path.of(p).normalize()).toList();
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
    BusyPaths.Claim claim;
    try {
      claim = busy.claim(paths);
    } catch (PathBusyException e) {
      throw problem(409, e.getMessage());
    }
    StreamingOutput body =
        out -> {
          try (claim) {
            backups.run(paths, code, new EventStream(out));
          }
        };
    return Response.ok(body, EVENTS).build();
  }
}
