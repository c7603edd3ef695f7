package magnus.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import magnus.testing.Scripts.Run;

/**
 * A local network of peers for one system test, run with {@code bin/magnus-network} as a user
 * would, under its own state folder, ports and database names so that it leaves every other network
 * alone.
 */
public final class TestNetwork {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Path state;
  private final String dbPrefix;
  private final int basePort;
  private final Map<String, String> env;

  /**
   * @param name a short name: the state lives in {@code target/it-NAME}, databases are {@code
   *     magnus_it_NAME_I}
   * @param basePort peer I listens on basePort + I
   * @param extraEnv more environment for the peers (e.g. MAGNUS_HEAP)
   */
  public TestNetwork(String name, int basePort, Map<String, String> extraEnv) {
    this.state = Scripts.home().resolve("target/it-" + name);
    this.dbPrefix = "magnus_it_" + name + "_";
    this.basePort = basePort;
    java.util.Map<String, String> e = new java.util.HashMap<>(extraEnv);
    e.put("MAGNUS_NETWORK_DIR", state.toString());
    e.put("MAGNUS_DB_PREFIX", dbPrefix);
    this.env = Map.copyOf(e);
  }

  /**
   * Stops what an earlier run left, drops its databases and deletes its state, and starts {@code
   * peers} fresh peers.
   */
  public Run start(int peers) throws Exception {
    network("stop");
    for (int i = 0; i < 16; i++) {
      Databases.drop(dbPrefix + i);
    }
    deleteTree(state);
    return network("start", "--peers", "" + peers, "--base-port", "" + basePort, "--no-demo");
  }

  /** Deletes a directory tree if it exists. */
  public static void deleteTree(Path root) throws java.io.IOException {
    if (!java.nio.file.Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var all = java.nio.file.Files.walk(root)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.delete(p);
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
    java.util.List<String> command = new java.util.ArrayList<>();
    command.add(Scripts.home().resolve("bin/magnus").toString());
    command.add("--peer");
    command.add(url(peer));
    command.addAll(java.util.List.of(args));
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

  /** Waits until peer {@code peer} sees at least {@code count} live peers, itself included. */
  public void awaitLive(int peer, int count) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = get(peer, "/api/peers");
      if (r != null && r.statusCode() == 200) {
        long live = r.body().split("\"live\":true", -1).length - 1;
        if (live >= count) {
          return;
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError("peer " + peer + " never saw " + count + " live peers");
  }

  /** SHA-256 of a file, in hex. */
  public static String sha256(Path file) throws java.io.IOException {
    return magnus.host.control.Sha256.of(file);
  }

  /** A GET on peer {@code peer}; null when it does not answer. */
  public HttpResponse<String> get(int peer, String path) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create(url(peer) + path))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
