package magnus.cli;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON for the fake peers of the CLI tests: answers written from maps and lists (JSON-B), requests
 * read back as maps, lists, strings, longs (integral numbers), doubles and booleans (JSON-P), so
 * that a test compares them with plain Java values.
 */
final class TestJson {
  private static final Jsonb JSONB = JsonbBuilder.create();

  private TestJson() {}

  static String write(Object value) {
    return JSONB.toJson(value);
  }

  static Object parse(String text) {
    try (var reader = Json.createReader(new StringReader(text))) {
      return plain(reader.readValue());
    }
  }

  private static Object plain(JsonValue value) {
    return switch (value.getValueType()) {
      case OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        ((JsonObject) value).forEach((name, member) -> map.put(name, plain(member)));
        yield map;
      }
      case ARRAY -> ((JsonArray) value).stream().map(TestJson::plain).toList();
      case STRING -> ((JsonString) value).getString();
      case NUMBER -> {
        JsonNumber n = (JsonNumber) value;
        yield n.isIntegral() ? (Object) n.longValueExact() : (Object) n.doubleValue();
      }
      case TRUE -> true;
      case FALSE -> false;
      case NULL -> null;
    };
  }
}
