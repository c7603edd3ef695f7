package magnus.fragments.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import magnus.fragments.entity.FragmentHeader;
import org.junit.jupiter.api.Test;

class FragmentHeadersTest {

  static final FragmentHeader GOOD =
      new FragmentHeader(
          "0123456789abcdef0123456789abcdef",
          "file_1.v2-x",
          3,
          4,
          3,
          5,
          1_000_000,
          1 << 20,
          333_334,
          "ab".repeat(32),
          "aGVsbG8=");

  @Test
  void roundTripsThroughHttpHeadersAndJson() {
    Map<String, String> http = FragmentHeaders.toHttp(GOOD);
    assertThat(FragmentHeaders.fromHttp(http::get)).isEqualTo(GOOD);
    assertThat(FragmentHeaders.fromJson(FragmentHeaders.toJson(GOOD))).isEqualTo(GOOD);
  }

  @Test
  void upperCaseHashIsTakenAsLowerCaseAndMetadataIsOptional() {
    Map<String, String> http = new HashMap<>(FragmentHeaders.toHttp(GOOD));
    http.put(FragmentHeaders.SHA256, "AB".repeat(32));
    http.remove(FragmentHeaders.METADATA);
    FragmentHeader parsed = FragmentHeaders.fromHttp(http::get);
    assertThat(parsed.sha256()).isEqualTo("ab".repeat(32));
    assertThat(parsed.metadata()).isEmpty();
  }

  @Test
  void aTrailerHeaderLeavesTheHashAndMetadataToTheTrailer() {
    FragmentHeader announced =
        new FragmentHeader(
            GOOD.owner(),
            GOOD.fileId(),
            GOOD.version(),
            GOOD.index(),
            GOOD.k(),
            GOOD.n(),
            GOOD.fileSize(),
            GOOD.segmentSize(),
            GOOD.length(),
            null,
            null);
    Map<String, String> http = FragmentHeaders.toHttp(announced);
    assertThat(http).containsEntry(FragmentHeaders.TRAILER, "json");
    assertThat(http).doesNotContainKeys(FragmentHeaders.SHA256, FragmentHeaders.METADATA);
    FragmentHeader parsed = FragmentHeaders.fromHttp(http::get);
    assertThat(FragmentHeaders.awaitsTrailer(parsed)).isTrue();
    assertThat(
            FragmentHeaders.completed(
                parsed, FragmentHeaders.trailer(GOOD.sha256(), GOOD.metadata())))
        .isEqualTo(GOOD);
    assertThat(FragmentHeaders.trailer(GOOD.sha256(), GOOD.metadata()))
        .hasSize(FragmentHeaders.trailerLength(GOOD.metadata().length()));

    Map<String, String> both = new HashMap<>(http);
    both.put(FragmentHeaders.SHA256, GOOD.sha256());
    assertThatThrownBy(() -> FragmentHeaders.fromHttp(both::get))
        .hasMessageContaining("drop the Magnus-Sha256 and Magnus-Metadata headers");
    Map<String, String> other = new HashMap<>(http);
    other.put(FragmentHeaders.TRAILER, "xml");
    assertThatThrownBy(() -> FragmentHeaders.fromHttp(other::get))
        .hasMessageContaining("the only trailer is 'json'");
    assertThatThrownBy(() -> FragmentHeaders.completed(parsed, FragmentHeaders.trailer("abc", "")))
        .hasMessageContaining("not 64 hex digits");
  }

  @Test
  void badHeadersAreNamedWithTheFix() {
    assertRefused(FragmentHeaders.OWNER, "XYZ", "is not a peer id");
    assertRefused(FragmentHeaders.FILE_ID, "../etc", "file id '../etc' is not allowed");
    assertRefused(FragmentHeaders.FILE_ID, ".hidden", "do not start with '.'");
    assertRefused(FragmentHeaders.FILE_ID, "x".repeat(129), "1 to 128");
    assertRefused(FragmentHeaders.VERSION, "0", "numbered from 1");
    assertRefused(FragmentHeaders.VERSION, "one", "Magnus-Version 'one' is not a whole number");
    assertRefused(FragmentHeaders.INDEX, "5", "the index must be below n");
    assertRefused(FragmentHeaders.K, "6", "k must be from 1 to n");
    assertRefused(FragmentHeaders.N, "257", "n must be from 1 to 256");
    assertRefused(FragmentHeaders.LENGTH, "-1", "0 or more");
    assertRefused(FragmentHeaders.SHA256, "abc", "not 64 hex digits");
    assertRefused(FragmentHeaders.METADATA, "not base64!", "not base64");
    assertRefused(FragmentHeaders.LENGTH, null, "the header Magnus-Length is missing");
  }

  static void assertRefused(String header, String value, String message) {
    Map<String, String> http = new HashMap<>(FragmentHeaders.toHttp(GOOD));
    if (value == null) {
      http.remove(header);
    } else {
      http.put(header, value);
    }
    assertThatThrownBy(() -> FragmentHeaders.fromHttp(http::get))
        .isInstanceOf(FragmentRefusedException.class)
        .hasMessageContaining(message)
        .satisfies(
            e -> {
              assertThat(((FragmentRefusedException) e).status()).isEqualTo(400);
              assertThat(e.getMessage()).doesNotContain("\n");
            });
  }

  @Test
  void cursorsRoundTripAndBadOnesAreRefused() {
    FragmentStore.Cursor cursor = new FragmentStore.Cursor("file.1", 2, 3);
    assertThat(FragmentStore.Cursor.parse(cursor.toString())).isEqualTo(cursor);
    assertThatThrownBy(() -> FragmentStore.Cursor.parse("nonsense"))
        .hasMessageContaining("pass the 'next' value");
    assertThatThrownBy(() -> FragmentStore.Cursor.parse("a/x/1"))
        .hasMessageContaining("not a whole number");
  }
}
