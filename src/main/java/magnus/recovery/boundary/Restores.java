package magnus.recovery.boundary;

import static magnus.host.boundary.Problems.problem;

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
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import magnus.filemap.boundary.FileMap;
import magnus.filemap.entity.FileEntry;
import magnus.host.control.CachedJson;
import magnus.host.control.EventStream;
import magnus.recovery.control.FileRestore;
import magnus.recovery.control.RestoreException;

/**
 * Restores one version of one file, to its own path or another (docs/api.md, POST /api/restores).
 * Answers with a stream of events: progress, fragments set aside, and the outcome.
 */
@Path("restores")
public class Restores {

  static final Logger LOG = Logger.getLogger(Restores.class.getName());

  @Inject FileMap fileMap;
  @Inject FileRestore restore;

  /** Starts a restore; an unknown path or version is refused before anything starts. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces("application/x-ndjson")
  public Response restore(JsonObject request) {
    if (request == null) {
      throw problem(400, "the request has no body; send {\"path\": \"/absolute/path\"}");
    }
    for (String field : request.keySet()) {
      if (!Set.of("path", "version", "to").contains(field)) {
        throw problem(400, "unknown field \"" + field + "\"; a restore takes path, version and to");
      }
    }
    String path = absolute(request, "path");
    if (path == null) {
      throw problem(400, "path is missing; name the backed-up file to restore");
    }
    String to = absolute(request, "to");
    java.nio.file.Path destination = java.nio.file.Path.of(to != null ? to : path);
    List<FileEntry> versions = fileMap.versions(path);
    if (versions.isEmpty()) {
      throw problem(404, "no backup of " + path + "; bin/magnus ls lists what is backed up");
    }
    FileEntry entry = versions.get(versions.size() - 1);
    JsonValue v = request.get("version");
    if (v != null && v != JsonValue.NULL) {
      if (!(v instanceof JsonNumber number) || !number.isIntegral() || number.intValue() < 1) {
        throw problem(400, "version must be a whole number from 1, got " + v);
      }
      int wanted = number.intValue();
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
    StreamingOutput body = out -> run(chosen, destination, new EventStream(out));
    return Response.ok(body, "application/x-ndjson").build();
  }

  private void run(FileEntry entry, java.nio.file.Path destination, EventStream events) {
    long started = System.nanoTime();
    events.send(
        CachedJson.createObjectBuilder()
            .add("event", "start")
            .add("path", entry.path())
            .add("version", entry.version())
            .add("size", entry.size())
            .add("to", destination.toString())
            .build());
    try {
      restore.restore(
          entry,
          destination,
          new FileRestore.Listener() {
            @Override
            public void progress(long bytes) {
              events.progress(bytes, entry.size());
            }

            @Override
            public void corrupt(String peerUrl, int index, String reason) {
              LOG.warning(
                  () ->
                      "fragment "
                          + index
                          + " of "
                          + entry.path()
                          + " on "
                          + peerUrl
                          + " set aside: "
                          + reason);
              events.send(
                  CachedJson.createObjectBuilder()
                      .add("event", "corrupt")
                      .add("peer", peerUrl)
                      .add("index", index)
                      .add("reason", reason)
                      .build());
            }
          });
      events.send(
          CachedJson.createObjectBuilder()
              .add("event", "done")
              .add("path", entry.path())
              .add("to", destination.toString())
              .add("bytes", entry.size())
              .add("seconds", (System.nanoTime() - started) / 1e9)
              .build());
    } catch (RestoreException e) {
      LOG.warning(() -> "restore of " + entry.path() + " failed: " + e.getMessage());
      events.send(
          CachedJson.createObjectBuilder()
              .add("event", "failed")
              .add("reason", e.getMessage())
              .build());
    }
  }

  private static String absolute(JsonObject request, String field) {
    JsonValue v = request.get(field);
    if (v == null || v == JsonValue.NULL) {
      return null;
    }
    if (!(v instanceof JsonString s) || s.getString().isBlank()) {
      throw problem(400, field + " must be a path string, got " + v);
    }
    if (!java.nio.file.Path.of(s.getString()).isAbsolute()) {
      throw problem(400, s.getString() + " is a relative path; give an absolute path");
    }
    return java.nio.file.Path.of(s.getString()).normalize().toString();
  }
}
