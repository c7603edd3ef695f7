package magnus.fragments.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import magnus.fragments.entity.FragmentHeader;
import magnus.host.control.CachedJson;
import org.eclipse.microprofile.faulttolerance.Asynchronous;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The raw protocol calls of {@link RemoteFragments}, with MicroProfile Fault Tolerance on the
 * idempotent ones. Use {@link RemoteFragments}: it turns every failure, the fault tolerance ones
 * included, into a {@link PeerCallException}.
 *
 * <p>The idempotent calls are {@link Asynchronous} because Fault Tolerance applies its timeout and
 * retries to the completion of a returned CompletionStage only then; without it, it would only see
 * the method return the (not yet completed) stage. A store is not retried: its body is a stream
 * that cannot be sent twice, and the owner places a failed fragment elsewhere.
 */
@ApplicationScoped
public class PeerCalls {

  /** Jersey's property for how a request entity is sent; chunked streams it without buffering. */
  static final String ENTITY_PROCESSING = "jersey.config.client.request.entityProcessing";

  @Resource(lookup = "java:comp/DefaultManagedExecutorService")
  ManagedExecutorService executor;

  private Client client;
  private volatile HttpClient http;

  public PeerCalls() {}

  /** For use outside a container (tests, tools): calls through the given client. */
  public PeerCalls(Client client) {
    this.client = client;
  }

  @PostConstruct
  void open() {
    if (client == null) {
      client = newClient(executor);
    }
  }

  @PreDestroy
  void close() {
    client.close();
  }

  /**
   * A client that streams request bodies in chunks and gives up on a peer that does not connect in
   * 5 s or stalls a read for 60 s.
   */
  public static Client newClient(ExecutorService executor) {
    ClientBuilder builder =
        ClientBuilder.newBuilder()
            .connectTimeout(5, TimeUnit.SECONDS)
            .readTimeout(60, TimeUnit.SECONDS)
            .property(ENTITY_PROCESSING, "CHUNKED");
    if (executor != null) {
      builder.executorService(executor);
    }
    return builder.build();
  }

  /**
   * Stores a fragment. The body goes out with the JDK's HTTP client, which streams it as it is
   * read: the JAX-RS client may collect a body of unknown length in memory before it sends a byte,
   * and a peer must send fragments far larger than its heap. When the header {@link
   * FragmentHeaders#awaitsTrailer awaits its trailer}, {@code body} must end with it; {@code
   * bodyLength} counts every byte of the body.
   */
  public CompletionStage<FragmentHeader> store(
      String peerUrl, FragmentHeader header, InputStream body, long bodyLength) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(peerUrl.replaceAll("/+$", "") + "/api/fragments"))
            // The peer refuses a fragment it will not keep (no room, a bad header) before the body
            // is sent, and the refusal comes back as such rather than as a broken connection.
            .expectContinue(true)
            .header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON)
            .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_OCTET_STREAM);
    for (Map.Entry<String, String> h : FragmentHeaders.toHttp(header).entrySet()) {
      request.header(h.getKey(), h.getValue());
    }
    // A fixed length, also with a trailer: the container sends no 100 Continue for a chunked
    // body, and the client would wait for it until the server gave up on the request.
    request.POST(
        bodyLength == 0
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> body), bodyLength));
    CompletableFuture<FragmentHeader> answer = new CompletableFuture<>();
    http()
        .sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
        .whenComplete(
            (response, failure) -> {
              try {
                if (failure != null) {
                  answer.completeExceptionally(RemoteFragments.unwrap(failure));
                } else if (response.statusCode() == 201) {
                  answer.complete(FragmentHeaders.fromJson(json(peerUrl, response.body())));
                } else {
                  int status = response.statusCode();
                  String reason =
                      detail(
                          response.body(),
                          Response.Status.fromStatusCode(status) != null
                              ? Response.Status.fromStatusCode(status).getReasonPhrase()
                              : "HTTP " + status);
                  answer.completeExceptionally(
                      (status >= 400 && status < 500)
                              || status == FragmentRefusedException.INSUFFICIENT_STORAGE
                          ? new PeerRefusedException(peerUrl, status, reason)
                          : new PeerCallException(peerUrl, status, reason, null));
                }
              } catch (RuntimeException e) {
                answer.completeExceptionally(e);
              }
            });
    return answer;
  }

  private HttpClient http() {
    HttpClient current = http;
    if (current == null) {
      current = newHttpClient(executor);
      http = current;
    }
    return current;
  }

  /**
   * The HTTP client for bodies that must stream whole (fragment stores): HTTP/1.1, 5 s to connect,
   * its callbacks on {@code executor} when one is given.
   */
  public static HttpClient newHttpClient(java.util.concurrent.Executor executor) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(java.time.Duration.ofSeconds(5));
    if (executor != null) {
      builder.executor(executor);
    }
    return builder.build();
  }

  @Asynchronous
  @Timeout(30_000)
  @Retry(maxRetries = 2, delay = 500, jitter = 200, abortOn = PeerRefusedException.class)
  public CompletionStage<RemoteFragments.Retrieved> retrieve(
      String peerUrl, String owner, String fileId, int version, int index) {
    return unwrapped(
        fragment(peerUrl, owner, fileId, version, index)
            .request(MediaType.APPLICATION_OCTET_STREAM)
            .rx()
            .get()
            .thenApply(
                answer(
                    peerUrl,
                    200,
                    r -> {
                      FragmentHeader header;
                      try {
                        header = FragmentHeaders.fromHttp(r::getHeaderString);
                      } catch (FragmentRefusedException e) {
                        r.close();
                        throw new PeerCallException(
                            peerUrl, 200, "sent a bad fragment header: " + e.detail(), e);
                      }
                      return new RemoteFragments.Retrieved(header, r.readEntity(InputStream.class));
                    })));
  }

  @Asynchronous
  @Timeout(15_000)
  @Retry(maxRetries = 2, delay = 500, jitter = 200, abortOn = PeerRefusedException.class)
  public CompletionStage<Void> remove(
      String peerUrl, String owner, String fileId, int version, int index) {
    return unwrapped(
        fragment(peerUrl, owner, fileId, version, index)
            .request()
            .rx()
            .delete()
            .thenApply(
                answer(
                    peerUrl,
                    204,
                    r -> {
                      r.close();
                      return (Void) null;
                    })));
  }

  @Asynchronous
  @Timeout(30_000)
  @Retry(maxRetries = 2, delay = 500, jitter = 200, abortOn = PeerRefusedException.class)
  public CompletionStage<RemoteFragments.Page> query(
      String peerUrl, String owner, String after, int limit) {
    var target =
        client
            .target(peerUrl)
            .path("api/fragments")
            .queryParam("owner", owner)
            .queryParam("limit", limit);
    if (after != null) {
      target = target.queryParam("after", after);
    }
    return unwrapped(
        target
            .request(MediaType.APPLICATION_JSON)
            .rx()
            .get()
            .thenApply(
                answer(
                    peerUrl,
                    200,
                    r -> {
                      JsonObject page = json(peerUrl, r.readEntity(String.class));
                      List<FragmentHeader> fragments = new ArrayList<>();
                      for (JsonValue v : page.getJsonArray("fragments")) {
                        fragments.add(FragmentHeaders.fromJson(v.asJsonObject()));
                      }
                      String next = page.isNull("next") ? null : page.getString("next");
                      return new RemoteFragments.Page(fragments, next);
                    })));
  }

  @Asynchronous
  @Timeout(5_000)
  @Retry(maxRetries = 1, delay = 200, abortOn = PeerRefusedException.class)
  public CompletionStage<RemoteFragments.ProbeAnswer> probe(String peerUrl) {
    return unwrapped(
        client
            .target(peerUrl)
            .path("api/probe")
            .request(MediaType.APPLICATION_JSON)
            .rx()
            .get()
            .thenApply(
                answer(
                    peerUrl,
                    200,
                    r -> {
                      JsonObject o = json(peerUrl, r.readEntity(String.class));
                      return new RemoteFragments.ProbeAnswer(
                          o.getString("id"),
                          o.getString("url"),
                          o.getString("failureDomain"),
                          o.getJsonNumber("capacityBytes").longValue(),
                          o.getJsonNumber("freeBytes").longValue());
                    })));
  }

  private jakarta.ws.rs.client.WebTarget fragment(
      String peerUrl, String owner, String fileId, int version, int index) {
    return client
        .target(peerUrl)
        .path("api/fragments/{owner}/{fileId}/{version}/{index}")
        .resolveTemplate("owner", owner)
        .resolveTemplate("fileId", fileId)
        .resolveTemplate("version", version)
        .resolveTemplate("index", index);
  }

  /**
   * The same stage, failing with the cause itself rather than a CompletionException around it, so
   * that Fault Tolerance's abortOn sees a PeerRefusedException as one.
   */
  static <T> CompletionStage<T> unwrapped(CompletionStage<T> stage) {
    CompletableFuture<T> out = new CompletableFuture<>();
    stage.whenComplete(
        (value, failure) -> {
          if (failure == null) {
            out.complete(value);
          } else {
            out.completeExceptionally(RemoteFragments.unwrap(failure));
          }
        });
    return out;
  }

  /** Maps the expected status through {@code read}; any other status fails with the detail. */
  static <T> Function<Response, T> answer(
      String peerUrl, int expected, Function<Response, T> read) {
    return r -> {
      if (r.getStatus() == expected) {
        return read.apply(r);
      }
      int status = r.getStatus();
      String reason;
      try {
        reason = detail(r.readEntity(String.class), r.getStatusInfo().getReasonPhrase());
      } catch (RuntimeException e) {
        reason = r.getStatusInfo().getReasonPhrase();
      } finally {
        r.close();
      }
      if ((status >= 400 && status < 500)
          || status == FragmentRefusedException.INSUFFICIENT_STORAGE) {
        throw new PeerRefusedException(peerUrl, status, reason);
      }
      throw new PeerCallException(peerUrl, status, reason, null);
    };
  }

  /**
   * The detail of a problem answer; for anything else (an error page of the container or a proxy)
   * the status's reason phrase, as such a body says nothing more on one line.
   */
  static String detail(String body, String reasonPhrase) {
    if (body != null && body.strip().startsWith("{")) {
      try (JsonReader reader = CachedJson.createReader(new StringReader(body))) {
        JsonObject problem = reader.readObject();
        if (problem.containsKey("detail")) {
          return problem.getString("detail");
        }
      } catch (RuntimeException notJson) {
        // Falls through to the reason phrase.
      }
    }
    return reasonPhrase + " (no problem detail in the answer)";
  }

  static JsonObject json(String peerUrl, String body) {
    try (JsonReader reader = CachedJson.createReader(new StringReader(body))) {
      return reader.readObject();
    } catch (RuntimeException e) {
      throw new PeerCallException(
          peerUrl,
          200,
          "answered something that is not the expected JSON: " + FragmentHeaders.clip(body),
          e);
    }
  }
}
