package magnus.testing;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import magnus.testing.Scripts.Run;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A local network of peers for system tests, run with {@code bin/magnus-network} as a user would,
 * under its own state folder, ports and database names so that it leaves every other network alone.
 * {@code bin/magnus-network} starts the peers at once and returns when every peer sees every other
 * one live.
 *
 * <p>Every helper that reads a peer fails the test, naming the peer, the path and what came back,
 * when what it reads is broken: none answers {@code null}, 0 or an empty list for a peer that did
 * not answer or answered an error.
 *
 * <h2>One network for one test class</h2>
 *
 * <pre>{@code
 * static final TestNetwork NET = new TestNetwork("files", 18500, Map.of());
 * @BeforeAll static void start() throws Exception { assertThat(NET.start(7).exitCode()).isZero(); }
 * @AfterAll static void stop() throws Exception { NET.network("stop"); }
 * }</pre>
 *
 * A class that kills, wipes or adds peers, or that needs a network with nothing on it, keeps a
 * network of its own like this.
 *
 * <h2>One network shared by several test classes</h2>
 *
 * Test classes that only back up, restore, list and read (they kill, wipe and add no peer, and do
 * not count on what others stored) can share one network, started once per test run (one JVM) by
 * the first class that needs it, and stopped when the whole run ends:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestNetwork NET = TestNetwork.shared("shared", 18200, 6, Map.of());
 * }</pre>
 *
 * Every class that asks for the same name gets the same network, and must ask for it with the same
 * base port, peer count and environment (otherwise the test fails, naming both). Its state is under
 * {@code target/it-shared}; a class should back up under a folder of its own name there, so that
 * the classes do not see each other's files.
 */
public final class TestNetwork implements BeforeAllCallback {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** The shared networks of this JVM, by name. */
  private static final Map<String, TestNetwork> SHARED = new ConcurrentHashMap<>();

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(TestNetwork.class);

  private final String name;
  private final Path state;
  private final String dbPrefix;
  private final int basePort;
  private final Map<String, String> env;

  /** For a shared network: how many peers it has, and whether it is up. */
  private int sharedPeers;

  private boolean sharedStarted;

  /**
   * @param name a short name: the state lives in {@code target/it-NAME}, databases are {@code
   *     magnus_it_NAME_I}
   * @param basePort peer I listens on basePort + I
   * @param extraEnv more environment for the peers (e.g. MAGNUS_HEAP)
   */
  public TestNetwork(String name, int basePort, Map<String, String> extraEnv) {
    if (!name.matches("[a-z][a-z0-9_]{0,30}")) {
      // It names databases too: PostgreSQL names without quoting.
      throw new IllegalArgumentException(
          "a test network's name is lower-case letters, digits and _ (got '" + name + "')");
    }
    this.name = name;
    this.state = Scripts.home().resolve("target/it-" + name);
    this.dbPrefix = "magnus_it_" + name + "_";
    this.basePort = basePort;
    Map<String, String> e = new HashMap<>(extraEnv);
    e.put("MAGNUS_NETWORK_DIR", state.toString());
    e.put("MAGNUS_DB_PREFIX", dbPrefix);
    this.env = Map.copyOf(e);
  }

  /**
   * JVM options for the peers of a network whose tests move little data (kilobytes to a few
   * megabytes per test): the JIT stops at its first tier (C1), and the codec runs its scalar
   * kernel, which C1 compiles to plain loops (the vector kernel is fast only once C2 compiles the
   * Vector API; under C1 it would allocate a vector object per operation).
   *
   * <p>Why: such a network's time goes to booting peers, and most of a boot's CPU goes to C2. One
   * peer's boot took 30.6 to 36.0 CPU-seconds with the defaults and 21.8 to 22.3 with these options
   * (2026-12-07, {@code bin/magnus-network start --peers 1} on the 2-core machine of
   * BENCHMARKS.md). The four classes that use them, each run with the defaults and then with these
   * (one Maven run each, the classes one after another): RecoveryIT 560 s and 400 s, LocalNetworkIT
   * 253 s and 194 s, DiscoveryIT 97 s and 82 s, FragmentsIT 41 s and 39 s (950 s and 715 s in all).
   *
   * <p>The JIT's tier changes no behaviour, only speed. Networks that move real volumes
   * (SnapshotsIT, BackupRestoreIT) keep the peers' defaults, so the C2-compiled data path and the
   * vector kernel are tested end to end there, as users run them; the two kernels' equality is
   * tested byte for byte in the codec's unit tests.
   */
  public static final String QUICK_BOOT_OPTIONS =
      "-XX:TieredStopAtLevel=1 -Dmagnus.codec.kernel=scalar";

  /** {@code env} with {@link #QUICK_BOOT_OPTIONS} added to the peers' {@code MAGNUS_JAVA_OPTS}. */
  public static Map<String, String> quickBoot(Map<String, String> env) {
    Map<String, String> quick = new HashMap<>(env);
    quick.merge("MAGNUS_JAVA_OPTS", QUICK_BOOT_OPTIONS, (given, ours) -> given + " " + ours);
    return Map.copyOf(quick);
  }

  /**
   * The network of this name that test classes share: started once in this JVM, by the first class
   * that registers it as an extension ({@code @RegisterExtension}), with {@code peers} fresh peers,
   * and stopped when the test run ends. See the class comment for which classes may share one.
   */
  public static TestNetwork shared(
      String name, int basePort, int peers, Map<String, String> extraEnv) {
    TestNetwork network =
        SHARED.computeIfAbsent(
            name,
            n -> {
              TestNetwork fresh = new TestNetwork(n, basePort, extraEnv);
              fresh.sharedPeers = peers;
              return fresh;
            });
    TestNetwork asked = new TestNetwork(name, basePort, extraEnv);
    if (network.basePort != basePort
        || !network.env.equals(asked.env)
        || network.sharedPeers != peers) {
      throw new AssertionError(
          "the shared network '"
              + name
              + "' is already asked for with base port "
              + network.basePort
              + ", "
              + network.sharedPeers
              + " peers and "
              + network.env
              + "; this class asks for base port "
              + basePort
              + ", "
              + peers
              + " peers and "
              + asked.env
              + ": give one of them another name");
    }
    return network;
  }

  /** Starts a shared network the first time a test class needs it (JUnit extension). */
  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (sharedPeers == 0) {
      throw new AssertionError(
          "the network '"
              + name
              + "' is not a shared one: make it with TestNetwork.shared(...) to register it as an"
              + " extension, or start it in @BeforeAll");
    }
    synchronized (this) {
      if (sharedStarted) {
        return;
      }
      Run start = start(sharedPeers);
      if (start.exitCode() != 0) {
        throw new AssertionError(
            "the shared network '" + name + "' did not start:\n" + start.output());
      }
      sharedStarted = true;
      // The root context closes when the whole run ends, after the last class that shares it.
      context.getRoot().getStore(NAMESPACE).put(name, (AutoCloseable) () -> stopShared());
    }
  }

  private synchronized void stopShared() throws Exception {
    if (sharedStarted) {
      sharedStarted = false;
      Run stop = network("stop");
      if (stop.exitCode() != 0) {
        throw new AssertionError(
            "the shared network '" + name + "' did not stop:\n" + stop.output());
      }
    }
  }

  /**
   * Stops what an earlier run left, drops its databases and deletes its state, and starts {@code
   * peers} fresh peers, without the demo.
   */
  public Run start(int peers) throws Exception {
    return start(peers, false);
  }

  /** As {@link #start(int)}; with {@code demo}, {@code start} runs the demo too. */
  public Run start(int peers, boolean demo) throws Exception {
    network("stop");
    for (int i = 0; i < 16; i++) {
      Databases.drop(dbPrefix + i);
    }
    deleteTree(state);
    List<String> args =
        new ArrayList<>(List.of("start", "--peers", "" + peers, "--base-port", "" + basePort));
    if (!demo) {
      args.add("--no-demo");
    }
    return network(args.toArray(String[]::new));
  }

  /** Deletes a directory tree if it exists. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Runs {@code bin/magnus-network ARGS} on this network. */
  public Run network(String... args) throws Exception {
    return Scripts.run(env, 600, "magnus-network", args);
  }

  /** Runs the CLI against peer {@code peer}: {@code bin/magnus --peer URL ARGS}. */
  public Run cli(int peer, String... args) throws Exception {
    String[] all = new String[args.length + 2];
    all[0] = "--peer";
    all[1] = url(peer);
    System.arraycopy(args, 0, all, 2, args.length);
    return Scripts.run(env, 900, "magnus", all);
  }

  /** The CLI as a process of its own, for a test that acts while it runs. */
  public Process startCli(int peer, Path output, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Scripts.home().resolve("bin/magnus").toString());
    command.add("--peer");
    command.add(url(peer));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .directory(Scripts.home().toFile())
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
  }

  public String url(int peer) {
    return "http://127.0.0.1:" + (basePort + peer);
  }

  public Path state() {
    return state;
  }

  public Path dataDirectory(int peer) {
    return state.resolve("peer" + peer + "/data");
  }

  public String database(int peer) {
    return dbPrefix + peer;
  }

  /** The environment the scripts run with on this network. */
  public Map<String, String> environment() {
    return env;
  }

  /**
   * Waits until peer {@code peer} sees at least {@code count} live peers, itself included; fails
   * with what the peer last answered.
   */
  public void awaitLive(int peer, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    String last = "nothing";
    while (System.nanoTime() < deadline) {
      try {
        List<String> live = liveUrls(peer);
        if (live.size() >= count) {
          return;
        }
        last = live.size() + " live: " + live;
      } catch (AssertionError e) {
        last = e.getMessage(); // not up yet, or restarting: asked again below
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "peer " + peer + " (" + url(peer) + ") never saw " + count + " live peers; last: " + last);
  }

  /** The URLs of the peers that peer {@code peer} sees live now ({@code GET /api/peers}). */
  public List<String> liveUrls(int peer) {
    List<String> live = new ArrayList<>();
    for (JsonValue row : jsonArray(peer, "/api/peers")) {
      JsonObject p = row.asJsonObject();
      if (p.getBoolean("live")) {
        live.add(p.getString("url"));
      }
    }
    return live;
  }

  /** SHA-256 of a file, in hex. */
  public static String sha256(Path file) throws IOException {
    return magnus.host.control.Sha256.of(file);
  }

  /**
   * A GET on peer {@code peer}, whatever its status; fails the test, naming the peer and the path,
   * when the peer does not answer.
   */
  public HttpResponse<String> get(int peer, String path) {
    try {
      return get("peer " + peer, url(peer) + path);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + threadsOf(peer), e.getCause());
    }
  }

  /**
   * What the threads of a peer that did not answer were doing: its whole thread dump goes to a file
   * in its directory, and the stacks that run Magnus code are quoted, so that a hang seen once in a
   * test run can be explained afterwards. Empty when the peer's process is gone.
   */
  String threadsOf(int peer) {
    try {
      Path pidFile = state().resolve("peer" + peer + "/pid");
      if (!Files.isRegularFile(pidFile)) {
        return "";
      }
      long pid = Long.parseLong(Files.readString(pidFile).strip());
      java.util.Optional<ProcessHandle> process = ProcessHandle.of(pid);
      if (process.isEmpty()) {
        return "";
      }
      // The jcmd of the peer's own JDK: another release's may not attach.
      Path jcmd =
          process
              .get()
              .info()
              .command()
              .map(c -> Path.of(c).resolveSibling("jcmd"))
              .filter(Files::isExecutable)
              .orElse(Path.of("jcmd"));
      Path dump =
          state().resolve("peer" + peer + "/threads-" + System.currentTimeMillis() + ".txt");
      Process p =
          new ProcessBuilder(jcmd.toString(), "" + pid, "Thread.print")
              .redirectErrorStream(true)
              .redirectOutput(dump.toFile())
              .start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "; no thread dump in 30 s";
      }
      List<String> busy = new ArrayList<>();
      for (String thread : Files.readString(dump).split("\n\n")) {
        if (thread.contains("at magnus.") && busy.size() < 4) {
          busy.add(thread.lines().limit(30).collect(java.util.stream.Collectors.joining("\n")));
        }
      }
      return "; thread dump in "
          + dump
          + (busy.isEmpty() ? ", no thread in Magnus code" : "; threads in Magnus code:\n")
          + String.join("\n\n", busy);
    } catch (IOException | RuntimeException e) {
      return "; no thread dump: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** The body of a GET on peer {@code peer}; fails the test unless the peer answers 200. */
  public String getOk(int peer, String path) {
    HttpResponse<String> r = get(peer, path);
    if (r.statusCode() != 200) {
      throw new AssertionError(
          "peer "
              + peer
              + " answered GET "
              + path
              + " with "
              + r.statusCode()
              + ", not 200: "
              + r.body());
    }
    return r.body();
  }

  /** A GET on peer {@code peer} that must answer 200 with a JSON object. */
  public JsonObject jsonObject(int peer, String path) {
    return parse(peer, path).asJsonObject();
  }

  /** A GET on peer {@code peer} that must answer 200 with a JSON array. */
  public JsonArray jsonArray(int peer, String path) {
    return parse(peer, path).asJsonArray();
  }

  private JsonValue parse(int peer, String path) {
    String body = getOk(peer, path);
    try {
      return Json.createReader(new StringReader(body)).readValue();
    } catch (JsonException e) {
      throw new AssertionError(
          "peer " + peer + " answered GET " + path + " with something that is not JSON: " + body,
          e);
    }
  }

  /** Whether peer {@code peer} answers HTTP at all (any status). */
  public boolean answers(int peer) {
    try {
      send(url(peer) + "/health/ready");
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * A GET of {@code url}, whatever its status; fails the test, naming {@code who} and the URL, when
   * nothing answers.
   */
  public static HttpResponse<String> get(String who, String url) {
    try {
      return send(url);
    } catch (IOException e) {
      throw new AssertionError(who + " does not answer GET " + url + ": " + e, e);
    }
  }

  /**
   * Waits until {@code url} answers (any status) and {@code until} holds for the answer, while
   * {@code alive} holds (a process that is still running); fails naming the URL and the last answer
   * or error.
   */
  public static HttpResponse<String> awaitAnswer(
      String url,
      int seconds,
      BooleanSupplier alive,
      java.util.function.Predicate<HttpResponse<String>> until)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    String last = "nothing";
    while (System.nanoTime() < deadline) {
      if (!alive.getAsBoolean()) {
        throw new AssertionError(
            "the process behind " + url + " ended before it answered; last: " + last);
      }
      try {
        HttpResponse<String> r = send(url);
        if (until.test(r)) {
          return r;
        }
        last = r.statusCode() + " " + r.body();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(1_000);
    }
    throw new AssertionError(url + " gave no fitting answer in " + seconds + " s; last: " + last);
  }

  /**
   * A GET, sent once more when its connection was closed under it. Why: the client keeps idle
   * connections, and a peer closes one that was idle for 30 s; a GET sent on it just as it closes
   * meets an end of stream (seen once in DiscoveryIT), which is no failure of the peer. A GET is
   * idempotent, so a browser sends it again too; a peer that really does not answer fails the
   * second time, and a timeout is not retried.
   */
  private static HttpResponse<String> send(String url) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build();
    try {
      try {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (java.net.http.HttpTimeoutException e) {
        throw e;
      } catch (IOException e) {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public String toString() {
    return "network " + name + " (" + Objects.toString(state) + ", port " + basePort + ")";
  }
}
