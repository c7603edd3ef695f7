package magnus.peers.boundary;

import static magnus.host.boundary.Problems.problem;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import magnus.fragments.boundary.PeerCalls;
import magnus.host.control.CachedJson;
import magnus.host.control.DirectWrite;
import magnus.host.control.Settings;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The raw speed of the link between two peers: this peer sends a file's bytes to another one over
 * plain HTTP, which counts and discards them, or writes them to a file and fsyncs it as a restore
 * does. The network benchmark ({@code bin/magnus-bench-network}) compares backup and restore
 * throughput with it, since a backup can be no faster than the bytes it moves.
 *
 * <p><b>Unsafe, and off unless {@value #SETTING} is true</b>: whoever can reach the peer could make
 * it read any file it can read and send it to any URL. Off, both calls answer 404 as if they were
 * not there, and they are left out of {@code /openapi}. Only the benchmark's own network turns it
 * on.
 */
@Path("links")
@RequestScoped
public class Links {

  /** The setting that turns the benchmark's calls on (environment {@code MAGNUS_BENCH_LINKS}). */
  public static final String SETTING = "magnus.bench.links";

  @Inject
  @ConfigProperty(name = SETTING, defaultValue = "false")
  boolean enabled;

  private static final java.util.concurrent.locks.ReentrantLock DURABLE_SINK =
      new java.util.concurrent.locks.ReentrantLock();

  @Inject Settings settings;

  @Resource ManagedExecutorService executor;

  /** Sends the file at {@code path} to the peer at {@code to} and answers the time it took. */
  @POST
  @Path("throughput")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(hidden = true)
  public String throughput(JsonObject request) {
    requireEnabled();
    String to = text(request, "to");
    boolean durable = request.getBoolean("durable", false);
    java.nio.file.Path file = java.nio.file.Path.of(text(request, "path"));
    if (!Files.isRegularFile(file)) {
      throw problem(400, file + " is not a regular file; name a file to send");
    }
    // The same HTTP client and settings as a fragment store, so that the comparison is fair.
    HttpClient client = PeerCalls.newHttpClient(null);
    long started = System.nanoTime();
    try {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(
                      URI.create(
                          to.replaceAll("/+$", "")
                              + "/api/links/sink"
                              + (durable ? "?durable=true" : "")))
                  .header("Content-Type", MediaType.APPLICATION_OCTET_STREAM)
                  .POST(HttpRequest.BodyPublishers.ofFile(file))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw problem(
            502,
            "the peer at " + to + " answered " + response.statusCode() + ": " + response.body());
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long bytes =
          CachedJson.createReader(new java.io.StringReader(response.body()))
              .readObject()
              .getJsonNumber("bytes")
              .longValue();
      return CachedJson.createObjectBuilder()
          .add("bytes", bytes)
          .add("seconds", seconds)
          .add("MBps", bytes / seconds / 1e6)
          .build()
          .toString();
    } catch (IOException e) {
      throw problem(502, "cannot send " + file + " to " + to + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw problem(503, "interrupted");
    }
  }

  /**
   * Reads the request body to its end and answers how many bytes it had. With {@code durable}, the
   * bytes go to a temporary file in the data directory, written and fsynced as a restore writes a
   * file ({@link DirectWrite}); the file is then deleted. Durable sinks take turns, so that each
   * can first delete the file one left when its peer was killed.
   */
  @POST
  @Path("sink")
  @Consumes(MediaType.APPLICATION_OCTET_STREAM)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(hidden = true)
  public String sink(InputStream body, @Context UriInfo uri) throws IOException {
    requireEnabled();
    // Read by hand: a @QueryParam on an operation hidden from /openapi makes Payara log a SEVERE.
    boolean durable = Boolean.parseBoolean(uri.getQueryParameters().getFirst("durable"));
    byte[] buffer = new byte[1 << 16];
    long bytes = 0;
    if (!durable) {
      for (int r; (r = body.read(buffer)) >= 0; ) {
        bytes += r;
      }
    } else {
      java.nio.file.Path file = settings.dataDirectory().resolve(".link-sink.tmp");
      DURABLE_SINK.lock();
      try {
        Files.deleteIfExists(file);
        Files.createFile(file);
        try (DirectWrite out = DirectWrite.open(file, executor)) {
          for (int r; (r = body.read(buffer)) >= 0; ) {
            out.write(buffer, 0, r);
            bytes += r;
          }
          out.finish();
        } finally {
          Files.deleteIfExists(file);
        }
      } finally {
        DURABLE_SINK.unlock();
      }
    }
    return CachedJson.createObjectBuilder().add("bytes", bytes).build().toString();
  }

  /** Off, the calls are answered as a path that does not exist is. */
  private void requireEnabled() {
    if (!enabled) {
      throw new NotFoundException();
    }
  }

  private static String text(JsonObject request, String field) {
    if (request == null
        || !(request.get(field) instanceof JsonString s)
        || s.getString().isBlank()) {
      throw problem(
          400, field + " is missing; send {\"to\": \"http://peer:port\", \"path\": \"/file\"}");
    }
    return s.getString();
  }
}
