package magnus.recovery.boundary;

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
import magnus.filemap.control.FileMap;
import magnus.filemap.entity.FileEntry;
import magnus.host.control.EventStream;
import magnus.recovery.control.RestoreRun;

/**
 * Restores one version of one file, to its own path or another (docs/api.md, POST /api/restores).
 * Answers with a stream of events: progress, fragments set aside, and the outcome. An unknown path
 * or version is refused before anything starts.
 */
@Path("restores")
@RequestScoped
public class Restores {

  static final String EVENTS = "application/x-ndjson";

  @Inject FileMap fileMap;
  @Inject RestoreRun restores;

  /** Starts a restore. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(EVENTS)
  public Response restore(
      @NotNull(message = "the request has no body; send {\"path\": \"/absolute/path\"}") @Valid
          RestoreRequest request) {
    String path = java.nio.file.Path.of(request.path()).normalize().toString();
    java.nio.file.Path destination =
        java.nio.file.Path.of(request.to() != null ? request.to() : path).normalize();
    List<FileEntry> versions = fileMap.versions(path);
    if (versions.isEmpty()) {
      throw problem(404, "no backup of " + path + "; bin/magnus ls lists what is backed up");
    }
    FileEntry entry = versions.get(versions.size() - 1);
    if (request.version() != null) {
      long wanted = request.version();
      entry =
          versions.stream()
              .filter(e -> e.version() == wanted)
              .findFirst()
              .orElseThrow(
                  () ->
                      problem(
                          404,
                          "no version "
                              + wanted
                              + " of "
                              + path
                              + "; it has versions "
                              + versions.get(0).version()
                              + " to "
                              + versions.get(versions.size() - 1).version()));
    }
    FileEntry chosen = entry;
    StreamingOutput body = out -> restores.run(chosen, destination, new EventStream(out));
    return Response.ok(body, EVENTS).build();
  }
}
