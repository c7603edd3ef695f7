package magnus.fragments.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.Map;
import magnus.fragments.entity.FragmentHeader;
import magnus.fragments.entity.FragmentTrailer;
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
  void whatFollowsTheBytesIsTheTrailerOrNothing() {
    FragmentHeader announced =
        new FragmentHeader(
            GOOD.owner(), GOOD.fileId(), 3, 4, 3, 5, 1_000_000, 1 << 20, 3, null, null);
    byte[] trailer = FragmentHeaders.trailer("AB".repeat(32), "aGVsbG8=");
    assertThat(FragmentHeaders.readEnd(announced, new ByteArrayInputStream(trailer)))
        .isEqualTo(new FragmentTrailer("ab".repeat(32), "aGVsbG8="));
    assertThatThrownBy(
            () ->
                FragmentHeaders.readEnd(
                    announced,
                    new ByteArrayInputStream(new byte[FragmentHeaders.MAX_TRAILER_BYTES + 1])))
        .hasMessageContaining("more than 8192 bytes follow the fragment's 3");
    // A complete header: nothing may follow the fragment's bytes, and its own fields are the end.
    assertThat(FragmentHeaders.readEnd(GOOD, new ByteArrayInputStream(new byte[0])))
        .isEqualTo(FragmentTrailer.of(GOOD));
    assertThatThrownBy(() -> FragmentHeaders.readEnd(GOOD, new ByteArrayInputStream(new byte[1])))
        .isInstanceOf(FragmentException.class)
        .hasMessageContaining("longer than Magnus-Length")
        .satisfies(
            e ->
                assertThat(((FragmentException) e).reason())
                    .isEqualTo(FragmentException.Reason.MISMATCH));
  }

  @Test
  void numbersPastTheirRangeAreRefusedNotTruncated() {
    // 2^32 + 1 would read as 1 if it were narrowed to an int.
    String wrapsToOne = Long.toString((1L << 32) + 1);
    assertRefused(FragmentHeaders.K, wrapsToOne, "k is 4294967297 and n is 5");
    assertRefused(
        FragmentHeaders.N, wrapsToOne, "n is 4294967297; n (fragments made) must be at most 256");
    assertRefused(FragmentHeaders.VERSION, wrapsToOne, "version is 4294967297");
    assertRefused(FragmentHeaders.INDEX, wrapsToOne, "index is 4294967297");
    assertRefused(FragmentHeaders.SEGMENT_SIZE, wrapsToOne, "segment size is 4294967297");
    assertRefused(FragmentHeaders.LENGTH, "9".repeat(20), "is not a whole number");
    var json =
        jakarta.json.Json.createObjectBuilder(FragmentHeaders.toJson(GOOD))
            .add("version", (1L << 32) + 1)
            .build();
    assertThatThrownBy(() -> FragmentHeaders.fromJson(json))
        .hasMessageContaining("version is 4294967297");
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
    // The code's rule is CodeParameters', worded there.
    assertRefused(
        FragmentHeaders.K, "6", "k is 6 and n is 5; k (fragments needed) must not exceed n");
    assertRefused(FragmentHeaders.K, "0", "k is 0; k (fragments needed) must be at least 1");
    assertRefused(FragmentHeaders.N, "257", "n is 257; n (fragments made) must be at most 256");
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
        .isInstanceOf(FragmentException.class)
        .hasMessageContaining(message)
        .satisfies(
            e -> {
              assertThat(((FragmentException) e).reason())
                  .isEqualTo(FragmentException.Reason.INVALID);
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
