package magnus.host.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import magnus.host.control.EventStream.Kind;
import org.junit.jupiter.api.Test;

public class EventStreamTest {

  /** Public, as JSON-B reads a record through its accessors. */
  @JsonbPropertyOrder({"path", "size", "reason"})
  public record Fields(String path, long size, String reason) {}

  @Test
  void theKindComesFirstThenTheFieldsInTheirOrder() {
    assertThat(EventStream.line(Kind.FILE, new Fields("/a \"b\"\n", 7, "why")))
        .isEqualTo(
            "{\"event\":\"file\",\"path\":\"/a \\\"b\\\"\\n\",\"size\":7,\"reason\":\"why\"}");
  }

  @Test
  void aNullFieldIsLeftOutAndAnEventWithoutFieldsIsJustItsKind() {
    assertThat(EventStream.line(Kind.FILE, new Fields("/a", 1, null)))
        .isEqualTo("{\"event\":\"file\",\"path\":\"/a\",\"size\":1}");
    assertThat(EventStream.line(Kind.DONE, null)).isEqualTo("{\"event\":\"done\"}");
  }

  @Test
  void eventsOfOtherThreadsAreWrittenByTheStreamsOwnThreadEachOnItsLine() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    EventStream events = new EventStream(out);
    events.send(Kind.START, null);
    CompletableFuture<Void> work =
        CompletableFuture.runAsync(
            () -> {
              for (int i = 0; i < 100; i++) {
                events.send(Kind.FILE, new Fields("/f" + i, i, null));
              }
            });
    events.relayUntil(work);
    events.send(Kind.DONE, null);
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(102);
    for (int i = 0; i < 100; i++) {
      JsonObject e = Json.createReader(new StringReader(lines[i + 1])).readObject();
      assertThat(e.getString("event")).isEqualTo("file");
      assertThat(e.getString("path")).isEqualTo("/f" + i);
    }
    assertThat(lines[101]).isEqualTo("{\"event\":\"done\"}");
  }
}
