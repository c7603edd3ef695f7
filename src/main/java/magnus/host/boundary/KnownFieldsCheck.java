package magnus.host.boundary;

import static magnus.host.boundary.Problems.problem;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import magnus.host.control.CachedJson;

/**
 * Checks a request body bound to a {@link KnownFields} record before JSON-B reads it: the body is a
 * JSON object, every field is one of the record's, and every value has the record's JSON type (a
 * string, a whole number that fits in 64 bits, a list). JSON-B would drop an unknown field
 * silently, and word a wrong type as an exception; the client gets one line that names the field
 * instead. Ranges and required fields are Bean Validation's, on the record.
 */
@Provider
public class KnownFieldsCheck implements ReaderInterceptor {

  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    KnownFields known = context.getType().getAnnotation(KnownFields.class);
    if (known == null || !context.getType().isRecord()) {
      return context.proceed();
    }
    byte[] body = context.getInputStream().readAllBytes();
    String text = new String(body, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      throw problem(400, "the request has no body; send " + known.example());
    }
    JsonValue parsed = CachedJson.createReader(new StringReader(text)).readValue();
    if (!(parsed instanceof JsonObject request)) {
      throw problem(400, "the request body must be a JSON object; send " + known.example());
    }
    Map<String, RecordComponent> fields = new LinkedHashMap<>();
    for (RecordComponent c : context.getType().getRecordComponents()) {
      JsonbProperty renamed = c.getAnnotation(JsonbProperty.class);
      fields.put(renamed != null ? renamed.value() : c.getName(), c);
    }
    for (Map.Entry<String, JsonValue> field : request.entrySet()) {
      RecordComponent c = fields.get(field.getKey());
      if (c == null) {
        throw problem(
            400,
            "unknown field \""
                + field.getKey()
                + "\"; "
                + known.value()
                + " takes "
                + list(new ArrayList<>(fields.keySet())));
      }
      check(field.getKey(), c.getType(), field.getValue());
    }
    context.setInputStream(new ByteArrayInputStream(body));
    return context.proceed();
  }

  private static void check(String name, Class<?> type, JsonValue value) {
    if (value == JsonValue.NULL) {
      return;
    }
    if (type == String.class && !(value instanceof JsonString)) {
      throw problem(400, name + " must be a string, got " + value);
    }
    if ((type == Long.class || type == Integer.class || type == long.class || type == int.class)
        && !wholeLong(value)) {
      throw problem(400, name + " must be a whole number, got " + value);
    }
    if (Collection.class.isAssignableFrom(type)) {
      if (value.getValueType() != JsonValue.ValueType.ARRAY) {
        throw problem(400, name + " must be a list, got " + value);
      }
      for (JsonValue v : value.asJsonArray()) {
        if (!(v instanceof JsonString)) {
          throw problem(400, "every entry of " + name + " must be a string, got " + v);
        }
      }
    }
  }

  private static boolean wholeLong(JsonValue value) {
    if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
      return false;
    }
    BigInteger v = number.bigIntegerValue();
    return v.compareTo(LONG_MIN) >= 0 && v.compareTo(LONG_MAX) <= 0;
  }

  /** "paths, k and n". */
  static String list(List<String> names) {
    if (names.size() <= 1) {
      return String.join("", names);
    }
    return String.join(", ", names.subList(0, names.size() - 1))
        + " and "
        + names.get(names.size() - 1);
  }
}
