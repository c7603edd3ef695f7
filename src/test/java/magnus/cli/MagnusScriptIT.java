package magnus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import magnus.codec.ReedSolomon;
import magnus.testing.Scripts;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/magnus} as a user runs it, on the packaged {@code target/magnus-cli.jar}: the peer
 * commands start a JVM without the incubating Vector API, so that nothing but their own lines
 * reaches stderr, and {@code magnus codec} starts one with it, so that the codec runs its vector
 * kernel. The packaged jar holds the JSON-P and JSON-B implementations that read the peer's
 * answers.
 */
class MagnusScriptIT {
  record Run(int exit, String out, String err) {}

  private static Run magnus(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Scripts.home().resolve("bin/magnus").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(Scripts.home().toFile());
    builder.environment().remove("MAGNUS_PEER");
    Process process = builder.start();
    process.getOutputStream().close();
    CompletableFuture<String> out = read(process.getInputStream());
    CompletableFuture<String> err = read(process.getErrorStream());
    assertThat(process.waitFor(120, TimeUnit.SECONDS))
        .as("bin/magnus " + String.join(" ", args) + " ends")
        .isTrue();
    return new Run(process.exitValue(), out.join(), err.join());
  }

  private static CompletableFuture<String> read(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** A loopback port where nothing listens. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void helpPrintsItsUsageAndNothingOnStderr() throws Exception {
    Run run = magnus("--help");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("Usage: magnus ");
    assertThat(run.err()).isEmpty();
  }

  /**
   * The CLI's class archive is made again once the jar has been rebuilt: the JVM makes it when it
   * is missing, but runs without it, every time, when the jar it was made from has changed.
   */
  @Test
  void aRebuiltJarGetsAClassArchiveOfItsOwn() throws Exception {
    Path target = Scripts.home().resolve("target");
    Path jar = target.resolve("magnus-cli.jar");
    String url = "http://127.0.0.1:" + closedPort();
    assertThat(magnus("--peer", url, "ls").exit()).isEqualTo(3);
    List<Path> archives;
    try (var all = Files.list(target)) {
      archives =
          all.filter(p -> p.getFileName().toString().matches("magnus-cli-jdk\\d+\\.jsa")).toList();
    }
    Assumptions.assumeFalse(
        archives.isEmpty(),
        "the JVM bin/magnus runs on makes no class archive (JDK 19 and newer do)");
    Path archive = archives.get(0);
    // As a rebuild leaves it: the jar newer than the archive (both in the past).
    long now = System.currentTimeMillis();
    Files.setLastModifiedTime(archive, FileTime.fromMillis(now - 60_000));
    Files.setLastModifiedTime(jar, FileTime.fromMillis(now - 30_000));
    assertThat(magnus("--peer", url, "ls").exit()).isEqualTo(3);
    assertThat(archive).exists();
    assertThat(Files.getLastModifiedTime(archive)).isGreaterThan(Files.getLastModifiedTime(jar));
  }

  @Test
  void aPeerCommandPrintsItsOneLineReasonAndNoIncubatorWarning() throws Exception {
    String url = "http://127.0.0.1:" + closedPort();
    Run run = magnus("--peer", url, "ls");
    assertThat(run.exit()).as(run.err()).isEqualTo(3);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "magnus ls: cannot reach the peer at "
                + url
                + ": connection refused; is it running? (bin/magnus-network status)"
                + System.lineSeparator());
  }

  @Test
  void thePackagedJarReadsAPeersAnswer() throws Exception {
    HttpServer peer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    peer.createContext(
        "/api/peers",
        exchange -> {
          byte[] body =
              ("[{\"id\": \"0123456789abcdef\", \"url\": \"http://127.0.0.1:8081\","
                      + " \"failureDomain\": \"local-1\", \"capacityBytes\": 10737418240,"
                      + " \"freeBytes\": 2000000000, \"live\": true, \"self\": false,"
                      + " \"seenAt\": \"2026-11-26T02:00:00Z\"}]")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (var out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    peer.start();
    try {
      Run run = magnus("--peer", "http://127.0.0.1:" + peer.getAddress().getPort(), "peers");
      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(run.err()).isEmpty();
      assertThat(run.out().lines())
          .containsExactly(
              "ID        URL                    DOMAIN     FREE  CAPACITY  STATE",
              "01234567  http://127.0.0.1:8081  local-1  2.0 GB   10.7 GB  live",
              "1 peer, 1 live");
    } finally {
      peer.stop(0);
    }
  }

  @Test
  void restoreHelpWithItsOwnVersionOptionIsAnsweredToo() throws Exception {
    Run run = magnus("restore", "--help");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("Usage: magnus restore ");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void theCodecRunsWithTheVectorApiAndItsVectorKernel() throws Exception {
    Run run =
        magnus(
            "codec",
            "bench",
            "--k",
            "2",
            "--n",
            "3",
            "--size",
            "100000",
            "--repeat",
            "1",
            "--warmup",
            "0");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("jdk.incubator.vector=loaded");
    // This JVM runs with the module too (failsafe's argLine): where the vector kernel passes its
    // self-test here, the script's JVM must have chosen it.
    if (ReedSolomon.availableKernels().contains("vector")) {
      assertThat(run.out()).contains("kernel=vector ").doesNotContain("note: no vector kernel");
    } else {
      assertThat(run.out()).contains("note: no vector kernel: ");
    }
  }
}
