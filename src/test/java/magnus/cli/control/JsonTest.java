package magnus.cli.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void readsEveryKindOfValue() {
    Object v =
        Json.parse(
            " {\"s\": \"a\\\"b\\\\c\\/\\n\\u00e9\\ud83d\\ude00\", \"i\": -42, \"big\": 10737418240,"
                + " \"d\": 1.5e3, \"t\": true, \"f\": false, \"z\": null, \"a\": [1, [], {}]}\n");
    assertThat(v).isInstanceOf(Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) v;
    assertThat(m.keySet()).containsExactly("s", "i", "big", "d", "t", "f", "z", "a");
    assertThat(m.get("s")).isEqualTo("a\"b\\c/\né\uD83D\uDE00");
    assertThat(m.get("i")).isEqualTo(-42L);
    assertThat(m.get("big")).isEqualTo(10737418240L);
    assertThat(m.get("d")).isEqualTo(1500.0);
    assertThat(m.get("t")).isEqualTo(true);
    assertThat(m.get("f")).isEqualTo(false);
    assertThat(m.containsKey("z")).isTrue();
    assertThat(m.get("z")).isNull();
    assertThat(m.get("a")).isEqualTo(List.of(1L, List.of(), Map.of()));
  }

  @Test
  void readsScalarsAtTheTopAndNumbersBeyondALongAsDoubles() {
    assertThat(Json.parse("0")).isEqualTo(0L);
    assertThat(Json.parse("-0.25")).isEqualTo(-0.25);
    assertThat(Json.parse("\"\"")).isEqualTo("");
    assertThat(Json.parse("null")).isNull();
    assertThat(Json.parse("123456789012345678901234")).isEqualTo(1.2345678901234568e23);
    assertThat(Json.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void rejectsWhatIsNotStrictJson() {
    String[] bad = {
      "",
      "   ",
      "{",
      "{\"a\" 1}",
      "{\"a\":1,}",
      "[1,]",
      "[1 2]",
      "{a:1}",
      "{'a':1}",
      "01",
      "-",
      "1.",
      ".5",
      "1e",
      "+1",
      "NaN",
      "tru",
      "nul",
      "\"abc",
      "\"a\tb\"",
      "\"\\x\"",
      "\"\\u12g4\"",
      "{\"a\":1} x",
      "{\"a\":1}{}",
      "{\"a\":1,\"a\":2}",
      "[1]]"
    };
    for (String text : bad) {
      assertThatThrownBy(() -> Json.parse(text))
          .as(text)
          .isInstanceOf(Json.MalformedException.class);
    }
  }

  @Test
  void errorsSayWhatAndWhere() {
    assertThatThrownBy(() -> Json.parse("{\"a\": 1, \"a\": 2}"))
        .hasMessage("duplicate member \"a\" (at character 10)");
    assertThatThrownBy(() -> Json.parse("[1, 2"))
        .hasMessage("',' or ']' was expected (at the end)");
    assertThatThrownBy(() -> Json.parse("<html>"))
        .hasMessage("unexpected character '<' (at character 1)");
  }

  @Test
  void rejectsNestingDeeperThanTheLimitWithoutOverflowingTheStack() {
    String deep = "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2);
    assertThatThrownBy(() -> Json.parse(deep)).hasMessageContaining("nesting deeper");
    String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
    assertThat(Json.parse(ok)).isInstanceOf(List.class);
  }

  @Test
  void writesCompactJsonThatReadsBackTheSame() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("paths", List.of("/srv/a b/é.txt", "/tmp/q\"uote\\\n\u0001"));
    m.put("k", 3);
    m.put("n", 5L);
    m.put("x", 1.5);
    m.put("whole", 2.0);
    m.put("t", true);
    m.put("z", null);
    m.put("e", Arrays.asList());
    String text = Json.write(m);
    assertThat(text)
        .isEqualTo(
            "{\"paths\":[\"/srv/a b/é.txt\",\"/tmp/q\\\"uote\\\\\\n\\u0001\"],\"k\":3,\"n\":5,"
                + "\"x\":1.5,\"whole\":2,\"t\":true,\"z\":null,\"e\":[]}");
    Map<String, Object> back = new LinkedHashMap<>(m);
    back.put("k", 3L);
    back.put("whole", 2L);
    assertThat(Json.parse(text)).isEqualTo(back);
  }

  @Test
  void escapesLoneSurrogatesButKeepsPairs() {
    assertThat(Json.write("a\uD800b")).isEqualTo("\"a\\ud800b\"");
    assertThat(Json.write("\uD83D\uDE00")).isEqualTo("\"\uD83D\uDE00\"");
    assertThat(Json.parse(Json.write("a\uD800b"))).isEqualTo("a\uD800b");
  }

  @Test
  void refusesToWriteWhatJsonCannotHold() {
    assertThatThrownBy(() -> Json.write(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Json.write(Map.of(1, 2))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Json.write(new Object())).isInstanceOf(IllegalArgumentException.class);
  }
}
