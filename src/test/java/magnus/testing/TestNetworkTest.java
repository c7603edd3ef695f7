package magnus.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The registry of shared networks: one network per name in a JVM, asked for alike by every class
 * that shares it. (Starting and stopping them is the system tests' part.)
 */
class TestNetworkTest {

  @Test
  void classesAskingForTheSameSharedNetworkGetTheSameOne() {
    TestNetwork first =
        TestNetwork.shared("registry_same", 18990, 3, Map.of("MAGNUS_HEAP", "256m"));
    TestNetwork second =
        TestNetwork.shared("registry_same", 18990, 3, Map.of("MAGNUS_HEAP", "256m"));
    assertThat(second).isSameAs(first);
    assertThat(first.url(2)).isEqualTo("http://127.0.0.1:18992");
    assertThat(first.database(1)).isEqualTo("magnus_it_registry_same_1");
  }

  @Test
  void aClassAskingForASharedNetworkOtherwiseIsToldWhichDiffers() {
    TestNetwork.shared("registry_other", 18990, 3, Map.of());
    assertThatThrownBy(() -> TestNetwork.shared("registry_other", 18990, 4, Map.of()))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("already asked for with base port 18990, 3 peers")
        .hasMessageContaining("this class asks for base port 18990, 4 peers")
        .hasMessageContaining("give one of them another name");
    assertThatThrownBy(() -> TestNetwork.shared("registry_other", 18980, 3, Map.of()))
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(
            () -> TestNetwork.shared("registry_other", 18990, 3, Map.of("MAGNUS_HEAP", "1g")))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void aQuickBootAddsItsOptionsToThePeersOwnAndKeepsTheRest() {
    assertThat(TestNetwork.quickBoot(Map.of("MAGNUS_HEAP", "256m")))
        .containsEntry("MAGNUS_HEAP", "256m")
        .containsEntry("MAGNUS_JAVA_OPTS", TestNetwork.QUICK_BOOT_OPTIONS);
    assertThat(TestNetwork.quickBoot(Map.of("MAGNUS_JAVA_OPTS", "-Dmagnus.x=1")))
        .containsEntry("MAGNUS_JAVA_OPTS", "-Dmagnus.x=1 " + TestNetwork.QUICK_BOOT_OPTIONS);
  }

  @Test
  void aNameThatCannotNameADatabaseIsRefused() {
    assertThatThrownBy(() -> new TestNetwork("two-words", 18990, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lower-case letters, digits and _");
  }

  @Test
  void aNetworkOfOneClassIsNoExtension() {
    TestNetwork own = new TestNetwork("registry_own", 18990, Map.of());
    assertThatThrownBy(() -> own.beforeAll(null))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("is not a shared one");
  }

  @Test
  void aPeerThatDoesNotAnswerFailsTheTestNamingPeerAndPath() {
    // Port 1: nothing listens there.
    TestNetwork nowhere = new TestNetwork("registry_nowhere", 1, Map.of());
    assertThat(nowhere.answers(0)).isFalse();
    assertThatThrownBy(() -> nowhere.get(0, "/api/peers"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("peer 0 does not answer GET http://127.0.0.1:1/api/peers");
    assertThatThrownBy(() -> nowhere.liveUrls(0))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("/api/peers");
  }

  @Test
  void aPeerThatAnswersAnErrorFailsTheTestNamingPeerPathAndStatus() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body =
              exchange.getRequestURI().getPath().equals("/api/probe")
                  ? "not json".getBytes(StandardCharsets.UTF_8)
                  : "{\"detail\":\"database down\"}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(
              exchange.getRequestURI().getPath().equals("/api/probe") ? 200 : 503, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      TestNetwork broken =
          new TestNetwork("registry_broken", server.getAddress().getPort(), Map.of());
      assertThat(broken.get(0, "/api/peers").statusCode()).isEqualTo(503);
      assertThatThrownBy(() -> broken.liveUrls(0))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("peer 0 answered GET /api/peers with 503, not 200")
          .hasMessageContaining("database down");
      assertThatThrownBy(() -> broken.jsonObject(0, "/api/probe"))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("peer 0 answered GET /api/probe with something that is not JSON");
    } finally {
      server.stop(0);
    }
  }
}
