package magnus.recovery.boundary;

import static magnus.host.boundary.Problems.problem;

import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Set;
import magnus.host.control.CachedJson;

/**
 * Recovery over REST (docs/api.md): how the current or last recovery run is doing, and drills that
 * restore every file into another directory.
 */
@Path("recovery")
@Produces(MediaType.APPLICATION_JSON)
public class Recoveries {

  static final Set<String> STATES = Set.of("pending", "done", "waiting", "conflict", "failed");

  @Inject Recovery recovery;

  /** The newest run's progress; 404 when this peer never recovered anything. */
  @GET
  public String status() {
    Recovery.Status s =
        recovery
            .status()
            .orElseThrow(
                () ->
                    problem(
                        404,
                        "no recovery has run on this peer; one starts by itself after the loss of"
                            + " the disk, or with bin/magnus recover --to DIR"));
    JsonObjectBuilder files =
        CachedJson.createObjectBuilder().add("total", s.counts().totalFiles());
    JsonObjectBuilder bytes =
        CachedJson.createObjectBuilder().add("total", s.counts().totalBytes());
    for (String state : STATES) {
      files.add(state, s.counts().files(state));
      bytes.add(state, s.counts().bytes(state));
    }
    JsonArrayBuilder problems = CachedJson.createArrayBuilder();
    s.problems()
        .forEach(
            p ->
                problems.add(
                    CachedJson.createObjectBuilder()
                        .add("path", p.path())
                        .add("state", p.state())
                        .add("detail", p.detail() == null ? "" : p.detail())));
    JsonObjectBuilder answer =
        CachedJson.createObjectBuilder()
            .add("run", s.run().id())
            .add("kind", s.run().kind())
            .add("phase", s.run().phase())
            .add("startedAt", Instant.ofEpochMilli(s.run().startedMillis()).toString())
            .add("files", files)
            .add("bytes", bytes)
            .add("bytesPerSecond", s.bytesPerSecond())
            .add("secondsLeft", s.secondsLeft())
            .add("problems", problems);
    if (s.run().destination() != null) {
      answer.add("destination", s.run().destination());
    }
    return answer.build().toString();
  }

  /** Starts a drill: every file's newest version into {@code to}, under its own absolute path. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response drill(JsonObject request) {
    if (request == null
        || !(request.get("to") instanceof JsonString to)
        || to.getString().isBlank()) {
      throw problem(400, "to is missing; send {\"to\": \"/absolute/directory\"}");
    }
    java.nio.file.Path destination = java.nio.file.Path.of(to.getString());
    if (!destination.isAbsolute()) {
      throw problem(400, to.getString() + " is a relative path; give an absolute directory");
    }
    if (java.nio.file.Files.exists(destination) && !java.nio.file.Files.isDirectory(destination)) {
      throw problem(400, destination + " exists and is not a directory; name a directory");
    }
    try {
      RecoveryRecords.Run run = recovery.drill(destination.normalize());
      return Response.accepted(
              CachedJson.createObjectBuilder()
                  .add("run", run.id())
                  .add("kind", run.kind())
                  .add("destination", run.destination())
                  .build()
                  .toString())
          .build();
    } catch (IllegalStateException e) {
      throw problem(409, e.getMessage());
    }
  }
}
