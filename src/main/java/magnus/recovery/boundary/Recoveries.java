package magnus.recovery.boundary;

import static magnus.host.boundary.Problems.problem;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import magnus.recovery.control.Recovery;
import magnus.recovery.control.RunActiveException;
import magnus.recovery.entity.RecoveryRun;

/**
 * Recovery over REST (docs/api.md): how the current or last recovery run is doing, and drills that
 * restore every file into another directory.
 */
@Path("recovery")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class Recoveries {

  @Inject Recovery recovery;

  /** The newest run's progress; 404 when this peer never recovered anything. */
  @GET
  public RunStatus status() {
    return recovery
        .status()
        .map(RunStatus::of)
        .orElseThrow(
            () ->
                problem(
                    404,
                    "no recovery has run on this peer; one starts by itself after the loss of"
                        + " the disk, or with bin/magnus recover --to DIR"));
  }

  /** Starts a drill: every file's newest version into {@code to}, under its own absolute path. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response drill(
      @NotNull(message = "the request has no body; send {\"to\": \"/absolute/directory\"}") @Valid
          DrillRequest request) {
    java.nio.file.Path destination = java.nio.file.Path.of(request.to()).normalize();
    if (java.nio.file.Files.exists(destination) && !java.nio.file.Files.isDirectory(destination)) {
      throw problem(400, destination + " exists and is not a directory; name a directory");
    }
    try {
      RecoveryRun run = recovery.drill(destination);
      return Response.accepted(new DrillStarted(run.id(), run.kind().wire(), run.destination()))
          .type(MediaType.APPLICATION_JSON)
          .build();
    } catch (RunActiveException e) {
      throw problem(409, e.getMessage());
    }
  }
}
