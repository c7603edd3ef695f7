package magnus.cli.boundary;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
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
 *
 * <p>Why {@link HttpURLConnection} and not {@code java.net.http.HttpClient}: a command makes one
 * request, and the JDK's newer client costs 250 to 450 ms before its first answer (its selector
 * thread, and a TLS context made even for plain HTTP), against 35 ms for this one, measured on 2
 * cores with JDK 25; that was half of a command's own time.
 */
public final class PeerClient {
  static {
    // A POST is never sent twice: HttpURLConnection would otherwise send one again, unasked, when
    // a kept-alive connection fails before the answer, and start a second backup or restore.
    System.setProperty("sun.net.http.retryPost", "false");
  }

  /** The peer that {@code bin/magnus-network} starts first, and where a single peer listens. */
  public static final String DEFAULT_URL = "http://127.0.0.1:8080";

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** For short requests only: a backup or restore stream may rightly run for hours. */
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

  private final URI base;

  /**
   * A client of the peer at {@code url}.
   *
   * @throws UserException when {@code url} is not an http(s) URL with a host
   */
  public PeerClient(String url) {
    this.base = parseUrl(url);
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
    return json("GET", path, query, null);
  }

  /** DELETE {@code path} with {@code query}, answered with JSON. */
  public JsonValue delete(String path, Map<String, String> query) throws InterruptedException {
    return json("DELETE", path, query, null);
  }

  /** POSTs {@code body} as JSON to {@code path}, answered with JSON (any 2xx status). */
  public JsonValue post(String path, Object body) throws InterruptedException {
    return json("POST", path, Map.of(), PeerJson.write(body));
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
    HttpURLConnection connection =
        send("POST", path, Map.of(), PeerJson.write(body), Duration.ZERO, true);
    try {
      int status = status(connection);
      if (status >= 300) {
        throw refusal(status, connection.getContentType(), errorBody(connection));
      }
      try (InputStream in = connection.getInputStream()) {
        BufferedReader lines =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
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
      }
    } catch (IOException e) {
      throw failure(e);
    } finally {
      connection.disconnect();
    }
  }

  private URI uri(String path, Map<String, String> query) {
    StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
    query.forEach((name, value) -> q.add(encode(name) + "=" + encode(value)));
    return URI.create(base + path + q);
  }

  /**
   * A query component: spaces as %20 rather than '+', which not every server reads as a space, and
   * '/' left as it is (RFC 3986 allows it in a query) so that paths stay readable in logs.
   */
  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
  }

  private JsonValue json(String method, String path, Map<String, String> query, String body)
      throws InterruptedException {
    HttpURLConnection connection = send(method, path, query, body, ANSWER_TIMEOUT, false);
    try {
      int status = status(connection);
      if (status >= 300) {
        throw refusal(status, connection.getContentType(), errorBody(connection));
      }
      byte[] answer;
      try (InputStream in = connection.getInputStream()) {
        answer = in.readAllBytes();
      }
      // HttpURLConnection ends a body quietly where the connection ends; a body shorter than its
      // Content-Length is a lost connection, not an answer.
      long promised = connection.getContentLengthLong();
      if (promised >= 0 && answer.length < promised) {
        throw new IOException(
            "the answer ended after " + answer.length + " of its " + promised + " bytes");
      }
      return PeerJson.parse(
          new String(answer, StandardCharsets.UTF_8),
          "the peer's answer to " + method + " " + connection.getURL().getPath());
    } catch (IOException e) {
      throw failure(e);
    } finally {
      connection.disconnect();
    }
  }

  /**
   * Opens a connection and sends the request line, the headers and {@code body} (JSON, or none).
   * {@code answerTimeout} bounds every wait for the answer's bytes; zero waits as long as it takes.
   */
  private HttpURLConnection send(
      String method,
      String path,
      Map<String, String> query,
      String body,
      Duration answerTimeout,
      boolean events)
      throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    try {
      HttpURLConnection connection = (HttpURLConnection) uri(path, query).toURL().openConnection();
      connection.setRequestMethod(method);
      connection.setInstanceFollowRedirects(false);
      connection.setUseCaches(false);
      connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
      connection.setReadTimeout((int) answerTimeout.toMillis());
      connection.setRequestProperty("User-Agent", "magnus-cli");
      connection.setRequestProperty(
          "Accept",
          events
              ? "application/x-ndjson, application/problem+json"
              : "application/json, application/problem+json");
      if (body != null) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        connection.setRequestProperty("Content-Type", "application/json");
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(bytes.length);
        try (OutputStream out = connection.getOutputStream()) {
          out.write(bytes);
        }
      } else {
        connection.connect();
      }
      return connection;
    } catch (IOException e) {
      throw failure(e);
    }
  }

  /** The answer's status code, once its status line has come. */
  private static int status(HttpURLConnection connection) throws IOException {
    int status = connection.getResponseCode();
    if (status < 0) {
      throw new IOException("the answer has no HTTP status line");
    }
    return status;
  }

  /** The body of a refusal, or none when it has none. */
  private static byte[] errorBody(HttpURLConnection connection) throws IOException {
    InputStream in = connection.getErrorStream();
    if (in == null) {
      return new byte[0];
    }
    try (in) {
      return in.readAllBytes();
    }
  }

  /** An I/O failure as the operator should read it. */
  private PeerException failure(IOException e) {
    if (e instanceof SocketTimeoutException
        && e.getMessage() != null
        && e.getMessage().toLowerCase(Locale.ROOT).contains("connect")) {
      return PeerException.unreachable(
          "cannot reach the peer at "
              + url()
              + ": no answer within "
              + CONNECT_TIMEOUT.toSeconds()
              + " s; check the URL (--peer or MAGNUS_PEER) and the network");
    }
    if (e instanceof SocketTimeoutException) {
      return PeerException.unreachable(
          "the peer at "
              + url()
              + " did not answer within "
              + ANSWER_TIMEOUT.toSeconds()
              + " s; it may be overloaded, try again");
    }
    if (e instanceof UnknownHostException) {
      return PeerException.unreachable(
          "cannot reach the peer at "
              + url()
              + ": unknown host "
              + base.getHost()
              + "; check the URL (--peer or MAGNUS_PEER)");
    }
    if (e instanceof ConnectException) {
      return PeerException.unreachable(
          "cannot reach the peer at "
              + url()
              + ": connection refused; is it running? (bin/magnus-network status)");
    }
    String reason = e.getMessage() == null ? "the connection was closed" : e.getMessage();
    return PeerException.unreachable(
        "lost the connection to the peer at " + url() + ": " + reason.strip());
  }

  /** The problem's {@code detail} (RFC 9457), else its {@code title}, else the status line. */
  static PeerException refusal(int status, String contentType, byte[] body) {
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
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
