package magnus.fragments.boundary;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.logging.Logger;
import magnus.fragments.control.FragmentException;
import magnus.fragments.control.FragmentHeaders;
import magnus.fragments.control.FragmentRules;
import magnus.fragments.control.PeerCallException;
import magnus.fragments.control.PeerRefusedException;
import magnus.fragments.entity.FragmentHeader;
import magnus.host.control.CachedJson;
import org.eclipse.microprofile.faulttolerance.Asynchronous;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The raw protocol calls of {@link RemoteFragments}: the client half of the wire, on the JDK's HTTP
 * client (no JAX-RS type), with MicroProfile Fault Tolerance on the idempotent ones. Use {@link
 * RemoteFragments}: it turns every failure, the fault tolerance ones included, into a {@link
 * PeerCallException}.
 *
 * <p>The idempotent calls are {@link Asynchronous} because Fault Tolerance applies its timeout and
 * retries to the completion of a returned CompletionStage only then; without it, it would only see
 * the method return the (not yet completed) stage. A store is not retried: its body is a stream
 * that cannot be sent twice, and the owner places a failed fragment elsewhere.
 */
@ApplicationScoped
public class PeerCalls {

  static final Logger LOG = Logger.getLogger(PeerCalls.class.getName());

  static final Duration CONNECT = Duration.ofSeconds(5);

  /**
   * Makes the threads of the HTTP client's own pool. Why not the container's default managed
   * executor, as before: that one has at most 200 threads and rejects work beyond them, and the
   * JDK's client stops for good when its executor rejects a task ("selector manager closed" on
   * every later call); fifty restores at once, each with its fragment calls under Fault Tolerance
   * on the same executor, filled it in a test run. A cached pool never rejects; its threads are the
   * container's (managed), so callbacks run with the application's context.
   */
  @Resource ManagedThreadFactory threads;

  private volatile Executor executor;

  private volatile HttpClient http;

  public PeerCalls() {}

  /** For use outside a container (tests, tools): calls through the given client. */
  public PeerCalls(HttpClient http) {
    this.http = http;
  }

  /**
   * The HTTP client of every call: HTTP/1.1, 5 s to connect, its callbacks on {@code executor} when
   * one is given. It streams request bodies as they are read, so a peer can send fragments far
   * larger than its heap.
   */
  public static HttpClient newHttpClient(Executor executor) {
    HttpClient.Builder builder =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT);
    if (executor != null) {
      builder.executor(executor);
    }
    return builder.build();
  }

  /** Ends the pool's idle threads as the application stops. */
  @jakarta.annotation.PreDestroy
  void stop() {
    if (executor instanceof java.util.concurrent.ExecutorService pool) {
      pool.shutdown();
    }
  }

  private HttpClient http() {
    HttpClient current = http;
    if (current == null || terminated(current)) {
      synchronized (this) {
        current = http;
        if (current == null || terminated(current)) {
          if (current != null) {
            LOG.warning(
                "the HTTP client to other peers has stopped (its selector thread ended; the"
                    + " cause, when the JDK logged it, is in the log under"
                    + " jdk.httpclient.HttpClient); calls go through a new one");
          }
          if (executor == null && threads != null) {
            executor = Executors.newCachedThreadPool(threads);
          }
          current = newHttpClient(executor);
          http = current;
        }
      }
    }
    return current;
  }

  /**
   * {@code HttpClient.isTerminated()}, which JDK 21 added, or null on an older JDK. Why: a client
   * whose selector thread ends (as it does when an Error such as OutOfMemoryError is thrown on it)
   * fails every later call with "selector manager closed", for as long as the peer runs; a peer was
   * seen failing every restore so. Where the JDK can tell, such a client is replaced.
   */
  private static final MethodHandle IS_TERMINATED = isTerminated();

  private static MethodHandle isTerminated() {
    try {
      return MethodHandles.publicLookup()
          .findVirtual(HttpClient.class, "isTerminated", MethodType.methodType(boolean.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null; // JDK 17 to 20
    }
  }

  static boolean terminated(HttpClient client) {
    if (IS_TERMINATED == null) {
      return false;
    }
    try {
      return (boolean) IS_TERMINATED.invoke(client);
    } catch (Error e) {
      throw e;
    } catch (Throwable e) {
      return false; // isTerminated declares nothing; a client that cannot answer is kept
    }
  }

  /**
   * Stores a fragment. When the header {@link FragmentHeaders#awaitsTrailer awaits its trailer},
   * {@code body} must end with it; {@code bodyLength} counts every byte of the body.
   */
  public CompletionStage<FragmentHeader> store(
      String peerUrl, FragmentHeader header, InputStream body, long bodyLength) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base(peerUrl) + "/api/fragments"))
            // The peer refuses a fragment it will not keep (no room, a bad header) before the body
            // is sent, and the refusal comes back as such rather than as a broken connection.
            .expectContinue(true)
            .header("Accept", "application/json")
            .header("Content-Type", "application/octet-stream");
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
    return send(
        peerUrl,
        request.build(),
        HttpResponse.BodyHandlers.ofString(),
        201,
        r -> FragmentHeaders.fromJson(json(peerUrl, r.body())),
        HttpResponse::body);
  }

  /** The fragment and its header; the body streams, and the caller reads and closes it. */
  @Asynchronous
  @Timeout(30_000)
  @Retry(maxRetries = 2, delay = 500, jitter = 200, abortOn = PeerRefusedException.class)
  public CompletionStage<RemoteFragments.Retrieved> retrieve(
      String peerUrl, String owner, String fileId, int version, int index) {
    return fetch(peerUrl, owner, fileId, version, index, null);
  }

  /**
   * Bytes {@code [first, first + length)} of a fragment alone, and its header ({@code Range},
   * docs/protocol.md). The body is only those bytes: the header's SHA-256 covers the whole fragment
   * and cannot check them.
   */
  @Asynchronous
  @Timeout(30_000)
  @Retry(maxRetries = 2, delay = 500, jitter = 200, abortOn = PeerRefusedException.class)
  public CompletionStage<RemoteFragments.Retrieved> retrieveRange(
      String peerUrl,
      String owner,
      String fileId,
      int version,
      int index,
      long first,
      long length) {
    if (first < 0 || length < 1) {
      return CompletableFuture.failedFuture(
          new PeerRefusedException(
              peerUrl, 0, "a range starts at 0 or later and holds a byte or more"));
    }
    return fetch(
        peerUrl, owner, fileId, version, index, "bytes=" + first + "-" + (first + length - 1));
  }

  private CompletionStage<RemoteFragments.Retrieved> fetch(
      String peerUrl, String owner, String fileId, int version, int index, String range) {
    Optional<PeerRefusedException> bad = badKey(peerUrl, owner, fileId, version, index);
    if (bad.isPresent()) {
      return CompletableFuture.failedFuture(bad.get());
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(fragment(peerUrl, owner, fileId, version, index))
            .header("Accept", "application/octet-stream")
            .GET();
    if (range != null) {
      request.header("Range", range);
    }
    return send(
        peerUrl,
        request.build(),
        HttpResponse.BodyHandlers.ofInputStream(),
        range == null ? 200 : 206,
        r -> {
          FragmentHeader header;
          try {
            header = FragmentHeaders.fromHttp(name -> r.headers().firstValue(name).orElse(null));
          } catch (FragmentException e) {
            closeQuietly(r.body());
            throw new PeerCallException(
                peerUrl,
                PeerCallException.Failure.BAD_ANSWER,
                r.statusCode(),
                "sent a bad fragment header: " + e.detail(),
                e);
          }
          return new RemoteFragments.Retrieved(header, r.body());
        },
        r -> readSmall(r.body()));
  }

  @Asynchronous
  @Timeout(15_000)
  @Retry(maxRetries = 2, delay = 500, jitter = 200, abortOn = PeerRefusedException.class)
  public CompletionStage<Void> remove(
      String peerUrl, String owner, String fileId, int version, int index) {
    Optional<PeerRefusedException> bad = badKey(peerUrl, owner, fileId, version, index);
    if (bad.isPresent()) {
      return CompletableFuture.failedFuture(bad.get());
    }
    HttpRequest request =
        HttpRequest.newBuilder(fragment(peerUrl, owner, fileId, version, index)).DELETE().build();
    return send(
        peerUrl,
        request,
        HttpResponse.BodyHandlers.ofString(),
        204,
        r -> (Void) null,
        HttpResponse::body);
  }

  @Asynchronous
  @Timeout(30_000)
  @Retry(maxRetries = 2, delay = 500, jitter = 200, abortOn = PeerRefusedException.class)
  public CompletionStage<RemoteFragments.Page> query(
      String peerUrl, String owner, String after, int limit) {
    String uri =
        base(peerUrl)
            + "/api/fragments?owner="
            + encode(owner)
            + "&limit="
            + limit
            + (after == null ? "" : "&after=" + encode(after));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(uri)).header("Accept", "application/json").build();
    return send(
        peerUrl,
        request,
        HttpResponse.BodyHandlers.ofString(),
        200,
        r -> {
          JsonObject page = json(peerUrl, r.body());
          try {
            List<FragmentHeader> fragments = new ArrayList<>();
            for (JsonValue v : page.getJsonArray("fragments")) {
              fragments.add(FragmentHeaders.fromJson(v.asJsonObject()));
            }
            String next = page.isNull("next") ? null : page.getString("next");
            return new RemoteFragments.Page(fragments, next);
          } catch (FragmentException | ClassCastException | NullPointerException e) {
            throw badAnswer(peerUrl, r.body(), e);
          }
        },
        HttpResponse::body);
  }

  @Asynchronous
  @Timeout(5_000)
  @Retry(maxRetries = 1, delay = 200, abortOn = PeerRefusedException.class)
  public CompletionStage<RemoteFragments.ProbeAnswer> probe(String peerUrl) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base(peerUrl) + "/api/probe"))
            .header("Accept", "application/json")
            .build();
    return send(
        peerUrl,
        request,
        HttpResponse.BodyHandlers.ofString(),
        200,
        r -> {
          JsonObject o = json(peerUrl, r.body());
          try {
            return new RemoteFragments.ProbeAnswer(
                o.getString("id"),
                o.getString("url"),
                o.getString("failureDomain"),
                o.getJsonNumber("capacityBytes").longValueExact(),
                o.getJsonNumber("freeBytes").longValueExact());
          } catch (ClassCastException | NullPointerException | ArithmeticException e) {
            throw badAnswer(peerUrl, r.body(), e);
          }
        },
        HttpResponse::body);
  }

  /**
   * Sends the request; maps the expected status through {@code read}, and any other status to a
   * refusal (4xx, 507) or a failure, with the peer's problem detail ({@code errorBody}).
   */
  <B, T> CompletionStage<T> send(
      String peerUrl,
      HttpRequest request,
      HttpResponse.BodyHandler<B> handler,
      int expected,
      Function<HttpResponse<B>, T> read,
      Function<HttpResponse<B>, String> errorBody) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    http()
        .sendAsync(request, handler)
        .whenComplete(
            (response, failure) -> {
              try {
                if (failure != null) {
                  answer.completeExceptionally(RemoteFragments.asPeerCall(peerUrl, failure));
                } else if (response.statusCode() == expected) {
                  answer.complete(read.apply(response));
                } else {
                  int status = response.statusCode();
                  String reason;
                  try {
                    reason = detail(errorBody.apply(response));
                  } catch (RuntimeException e) {
                    reason = "no problem detail in the answer";
                  }
                  answer.completeExceptionally(
                      (status >= 400 && status < 500) || status == 507
                          ? new PeerRefusedException(peerUrl, status, reason)
                          : new PeerCallException(
                              peerUrl, PeerCallException.Failure.FAILED, status, reason, null));
                }
              } catch (RuntimeException e) {
                answer.completeExceptionally(e);
              }
            });
    return answer;
  }

  /**
   * A key this peer will not send, as the refusal that no retry can help (Fault Tolerance aborts on
   * it); empty for a valid key.
   */
  private static Optional<PeerRefusedException> badKey(
      String peerUrl, String owner, String fileId, int version, int index) {
    try {
      FragmentRules.key(owner, fileId, version, index);
      return Optional.empty();
    } catch (FragmentException e) {
      return Optional.of(new PeerRefusedException(peerUrl, 0, "not sent: " + e.detail()));
    }
  }

  private static String base(String peerUrl) {
    return peerUrl.replaceAll("/+$", "");
  }

  /** The fragment's URI; the key is checked first, so that its parts need no escaping. */
  private static URI fragment(String peerUrl, String owner, String fileId, int version, int index) {
    return URI.create(
        base(peerUrl) + "/api/fragments/" + owner + "/" + fileId + "/" + version + "/" + index);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** The start of an error answer's body (a problem is one short line), and the stream closed. */
  private static String readSmall(InputStream body) {
    try (InputStream in = body) {
      return new String(in.readNBytes(16_384), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // The connection is released either way.
    }
  }

  /**
   * The detail of a problem answer; for anything else (an error page of the container or a proxy) a
   * note that there was none, as such a body says nothing more on one line.
   */
  static String detail(String body) {
    if (body != null && body.strip().startsWith("{")) {
      try (JsonReader reader = CachedJson.createReader(new StringReader(body))) {
        JsonObject problem = reader.readObject();
        if (problem.containsKey("detail")) {
          return problem.getString("detail");
        }
      } catch (RuntimeException notJson) {
        // Falls through.
      }
    }
    return "no problem detail in the answer";
  }

  static JsonObject json(String peerUrl, String body) {
    try (JsonReader reader = CachedJson.createReader(new StringReader(body))) {
      return reader.readObject();
    } catch (RuntimeException e) {
      throw badAnswer(peerUrl, body, e);
    }
  }

  static PeerCallException badAnswer(String peerUrl, String body, Exception e) {
    return new PeerCallException(
        peerUrl,
        PeerCallException.Failure.BAD_ANSWER,
        200,
        "answered something that is not the expected JSON: " + FragmentRules.clip(body),
        e);
  }
}
