package magnus.cli.boundary;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Consumer;
import magnus.cli.control.OneLine;
import magnus.cli.control.PeerException;
import magnus.cli.control.PeerJson;
import magnus.cli.control.UserException;

/**
 * The client API of one peer ({@code docs/api.md}) over HTTP/1.1: JSON requests and answers ({@link
 * PeerJson}), problem+json errors, and NDJSON event streams.
 *
 * <p>Every failure is a {@link PeerException} whose message is one line for the operator: the peer
 * cannot be reached, it refused the request (the problem's {@code detail}), or its answer does not
 * follow the API.
 */
public final class PeerClient {
  /** The peer that {@code bin/magnus-network} starts first, and where a single peer listens. */
  public static final String DEFAULT_URL = "http://127.0.0.1:8080";

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** For short requests only: a backup or restore stream may rightly run for hours. */
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

  private final URI base;
  private final HttpClient http;

  /**
   * A client of the peer at {@code url}.
   *
   * @throws UserException when {@code url} is not an http(s) URL with a host
   */
  public PeerClient(String url) {
    this.base = parseUrl(url);
    this.http =
        HttpClient.newBuilder()
            // Plain HTTP/1.1: the h2c upgrade dance buys nothing here and some servers mishandle
            // it.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** The peer's URL as the operator gave it, without a trailing slash. */
  public String url() {
    return base.toString();
  }

  static URI parseUrl(String url) {
    String trimmed = url.strip();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    URI uri;
    try {
      uri = new URI(trimmed);
    } catch (URISyntaxException e) {
      uri = null;
    }
    if (uri == null
        || uri.getScheme() == null
        || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
        || uri.getHost() == null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new UserException(
          "--peer '"
              + url
              + "' is not a peer URL; give it as http://HOST:PORT, such as "
              + DEFAULT_URL);
    }
    return uri;
  }

  /** One event of a stream: its {@code event} member, and the object to read as its record. */
  public record Event(String name, JsonObject body, String what) {
    /**
     * The event as a {@code type}.
     *
     * @throws PeerException when it lacks a member of {@code type} or has one of another type
     */
    public <T extends Record> T as(Class<T> type) {
      return PeerJson.read(body, type, what);
    }
  }

  /** GET {@code path} with {@code query}, answered with JSON. */
  public JsonValue get(String path, Map<String, String> query) throws InterruptedException {
    return json(request(path, query).GET().timeout(ANSWER_TIMEOUT).build());
  }

  /** DELETE {@code path} with {@code query}, answered with JSON. */
  public JsonValue delete(String path, Map<String, String> query) throws InterruptedException {
    return json(request(path, query).DELETE().timeout(ANSWER_TIMEOUT).build());
  }

  /** POSTs {@code body} as JSON to {@code path}, answered with JSON (any 2xx status). */
  public JsonValue post(String path, Object body) throws InterruptedException {
    return json(
        request(path, Map.of())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(PeerJson.write(body), StandardCharsets.UTF_8))
            .timeout(ANSWER_TIMEOUT)
            .build());
  }

  /**
   * POSTs {@code body} as JSON to {@code path} and hands every event of the NDJSON answer to {@code
   * onEvent}, in order, as it arrives. Returns when the peer closes the stream. Blank lines are
   * skipped.
   *
   * @throws PeerException when the request is refused, a line is not a JSON object, or the
   *     connection is lost
   */
  public void stream(String path, Object body, Consumer<Event> onEvent)
      throws InterruptedException {
    HttpRequest request =
        request(path, Map.of())
            .header("Content-Type", "application/json")
            .setHeader("Accept", "application/x-ndjson, application/problem+json")
            .POST(HttpRequest.BodyPublishers.ofString(PeerJson.write(body), StandardCharsets.UTF_8))
            .build();
    HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = response.body()) {
      if (response.statusCode() >= 300) {
        throw refusal(response.statusCode(), response.headers(), in.readAllBytes());
      }
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      int number = 0;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        String what = "line " + number + " of the peer's event stream";
        JsonValue event = PeerJson.parse(line, what);
        if (!(event instanceof JsonObject object)) {
          throw PeerException.malformed(what + " is not a JSON object");
        }
        onEvent.accept(new Event(PeerJson.string(object, "event", what), object, what));
      }
    } catch (IOException e) {
      throw lost(e);
    }
  }

  private HttpRequest.Builder request(String path, Map<String, String> query) {
    StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
    query.forEach((name, value) -> q.add(encode(name) + "=" + encode(value)));
    return HttpRequest.newBuilder(URI.create(base + path + q))
        .header("User-Agent", "magnus-cli")
        .header("Accept", "application/json, application/problem+json");
  }

  /**
   * A query component: spaces as %20 rather than '+', which not every server reads as a space, and
   * '/' left as it is (RFC 3986 allows it in a query) so that paths stay readable in logs.
   */
  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
  }

  private JsonValue json(HttpRequest request) throws InterruptedException {
    HttpResponse<byte[]> response = send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() >= 300) {
      throw refusal(response.statusCode(), response.headers(), response.body());
    }
    return PeerJson.parse(
        new String(response.body(), StandardCharsets.UTF_8),
        "the peer's answer to " + request.method() + " " + request.uri().getRawPath());
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws InterruptedException {
    try {
      return http.send(request, handler);
    } catch (HttpConnectTimeoutException e) {
      throw PeerException.unreachable(
          "cannot reach the peer at "
              + url()
              + ": no answer within "
              + CONNECT_TIMEOUT.toSeconds()
              + " s; check the URL (--peer or MAGNUS_PEER) and the network");
    } catch (HttpTimeoutException e) {
      throw PeerException.unreachable(
          "the peer at "
              + url()
              + " did not answer within "
              + ANSWER_TIMEOUT.toSeconds()
              + " s; it may be overloaded, try again");
    } catch (ConnectException e) {
      if (causedBy(e, UnresolvedAddressException.class)) {
        throw PeerException.unreachable(
            "cannot reach the peer at "
                + url()
                + ": unknown host "
                + base.getHost()
                + "; check the URL (--peer or MAGNUS_PEER)");
      }
      throw PeerException.unreachable(
          "cannot reach the peer at "
              + url()
              + ": connection refused; is it running? (bin/magnus-network status)");
    } catch (IOException e) {
      throw lost(e);
    }
  }

  private PeerException lost(IOException e) {
    String reason = e.getMessage() == null ? "the connection was closed" : e.getMessage();
    return PeerException.unreachable(
        "lost the connection to the peer at " + url() + ": " + reason.strip());
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** The problem's {@code detail} (RFC 9457), else its {@code title}, else the status line. */
  static PeerException refusal(int status, java.net.http.HttpHeaders headers, byte[] body) {
    String type = headers.firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    if (type.contains("json")) {
      try {
        JsonValue problem = PeerJson.parse(new String(body, StandardCharsets.UTF_8), "a problem");
        if (problem instanceof JsonObject object) {
          for (String member : new String[] {"detail", "title"}) {
            if (object.get(member) instanceof JsonString s && !s.getString().isBlank()) {
              return PeerException.refused(status, OneLine.of(s.getString()));
            }
          }
        }
      } catch (PeerException e) {
        // no usable problem document; the status line below says what there is to say
      }
    }
    return PeerException.refused(
        status,
        "the peer answered HTTP " + status + " " + reasonPhrase(status) + " without details");
  }

  private static String reasonPhrase(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 415 -> "Unsupported Media Type";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> status >= 500 ? "(server error)" : status >= 400 ? "(client error)" : "";
    };
  }
}
