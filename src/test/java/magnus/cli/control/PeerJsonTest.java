package magnus.cli.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import magnus.cli.entity.Answers;
import magnus.cli.entity.Events;
import magnus.cli.entity.Requests;
import org.junit.jupiter.api.Test;

/** The client API's JSON read strictly into records and written from them. */
class PeerJsonTest {
  private static Answers.FileVersion file(String json) {
    return PeerJson.read(PeerJson.parse(json, "the answer"), Answers.FileVersion.class, "the file");
  }

  private static final String FILE =
      "{\"path\": \"/a\", \"version\": 2, \"size\": 10, \"sha256\": \"ab\", \"storedAt\":"
          + " \"2026-11-26T02:00:00Z\", \"k\": 3, \"n\": 5, \"fragmentsLive\": 5, \"later\": [1]}";

  @Test
  void aCompleteAnswerIsReadAndUnknownMembersAreIgnored() {
    assertThat(file(FILE))
        .isEqualTo(
            new Answers.FileVersion(
                "/a", 2L, 10L, "ab", Instant.parse("2026-11-26T02:00:00Z"), 3L, 5L, 5L));
  }

  private static void assertMalformed(String json, String message) {
    assertThatThrownBy(() -> file(json))
        .isInstanceOfSatisfying(
            PeerException.class, e -> assertThat(e.kind()).isEqualTo(PeerException.Kind.MALFORMED))
        .hasMessage(message);
  }

  @Test
  void aMissingOrNullMemberIsNamed() {
    assertMalformed(FILE.replace("\"k\": 3, ", ""), "the file has no 'k'");
    assertMalformed(FILE.replace("\"k\": 3", "\"k\": null"), "the file has no 'k'");
  }

  @Test
  void numbersAreNotTruncatedNorTakenFromStrings() {
    String prefix =
        "the file does not follow the client API: Unable to deserialize property 'size' because"
            + " of: ";
    assertMalformed(
        FILE.replace("\"size\": 10", "\"size\": 10.5"), prefix + "10.5 is not an integer");
    assertMalformed(
        FILE.replace("\"size\": 10", "\"size\": \"10\""), prefix + "\"10\" is not an integer");
    assertMalformed(
        FILE.replace("\"size\": 10", "\"size\": 99999999999999999999"),
        prefix + "99999999999999999999 is too large an integer");
  }

  @Test
  void stringsBooleansAndTimesHaveTheirOwnTypes() {
    assertMalformed(
        FILE.replace("\"path\": \"/a\"", "\"path\": 7"),
        "the file does not follow the client API: Unable to deserialize property 'path' because"
            + " of: 7 is not a string");
    assertThatThrownBy(
            () ->
                PeerJson.read(
                    PeerJson.parse(
                        "{\"id\": \"x\", \"url\": \"u\", \"failureDomain\": \"d\","
                            + " \"capacityBytes\": 1, \"freeBytes\": 1, \"live\": 1, \"self\":"
                            + " false}",
                        "the answer"),
                    Answers.Peer.class,
                    "the peer"))
        .hasMessage(
            "the peer does not follow the client API: Unable to deserialize property 'live'"
                + " because of: 1 is not true or false");
    // Any ISO-8601 offset is one instant.
    assertThat(file(FILE.replace("02:00:00Z", "03:00:00+01:00")).storedAt())
        .isEqualTo(Instant.parse("2026-11-26T02:00:00Z"));
  }

  private static final String STATUS =
      "{\"run\": 1, \"kind\": \"host\", \"phase\": \"done\", \"startedAt\":"
          + " \"2026-11-26T02:00:00Z\", \"files\": {\"total\": 1, \"done\": 1, \"pending\": 0,"
          + " \"waiting\": 0, \"conflict\": 0, \"failed\": 0}, \"bytes\": {\"total\": 1,"
          + " \"done\": 1}, \"bytesPerSecond\": 0, \"secondsLeft\": -1, \"problems\":"
          + " [{\"path\": \"/a\", \"state\": \"failed\"}, PROBLEM]}";

  private static Answers.Recovery status(String problem) {
    return PeerJson.read(
        PeerJson.parse(STATUS.replace("PROBLEM", problem), "the answer"),
        Answers.Recovery.class,
        "the status");
  }

  @Test
  void anOptionalMemberMayBeLeftOut() {
    Answers.Recovery r = status("{\"path\": \"/b\", \"state\": \"conflict\", \"detail\": \"x\"}");
    assertThat(r.destination()).isEmpty();
    assertThat(r.problems())
        .containsExactly(
            new Answers.Problem("/a", "failed", Optional.empty()),
            new Answers.Problem("/b", "conflict", Optional.of("x")));
  }

  @Test
  void anOptionalMemberThatIsNullIsEmpty() {
    Events.Failed failed =
        PeerJson.read(
            PeerJson.parse("{\"event\": \"failed\", \"path\": null, \"reason\": \"x\"}", "l"),
            Events.Failed.class,
            "the event");
    assertThat(failed).isEqualTo(new Events.Failed(Optional.empty(), "x"));
  }

  @Test
  void aMemberOfANestedObjectOrListItemIsNamedByItsPlace() {
    assertThatThrownBy(() -> status("{\"path\": \"/b\"}"))
        .hasMessage("the status's 'problems', item 2, has no 'state'");
    assertThatThrownBy(() -> status("null"))
        .hasMessage("the status's 'problems' has null as item 2");
    assertThatThrownBy(
            () ->
                PeerJson.read(
                    PeerJson.parse(
                        STATUS.replace(", PROBLEM", "").replace("\"conflict\": 0, ", ""),
                        "the answer"),
                    Answers.Recovery.class,
                    "the status"))
        .hasMessage("the status's 'files' has no 'conflict'");
  }

  @Test
  void aValueOfAnotherShapeIsNamed() {
    assertThatThrownBy(() -> file("[1]")).hasMessage("the file is not a JSON object");
    assertThatThrownBy(
            () -> PeerJson.list(PeerJson.parse("{}", "x"), Answers.FileVersion.class, "the list"))
        .hasMessage("the list is not a JSON array");
    assertThatThrownBy(() -> PeerJson.parse("{\"a\": ", "the answer"))
        .hasMessageStartingWith("the answer is not JSON: ");
  }

  @Test
  void nullMembersOfARequestAreLeftOut() {
    assertThat(PeerJson.write(new Requests.Backup(List.of("/a"), null, 5)))
        .isEqualTo("{\"paths\":[\"/a\"],\"n\":5}");
    assertThat(PeerJson.write(new Requests.Restore("/a", 2L, null)))
        .isEqualTo("{\"path\":\"/a\",\"version\":2}");
  }
}
