package magnus.cli.control;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JSON of the client API: request bodies written and answers read as the records of {@code
 * magnus.cli.entity}, through JSON-B (Yasson) over JSON-P (Parsson).
 *
 * <p>An answer is read completely before anything is printed: a member that is missing, or null, is
 * a {@link PeerException.Kind#MALFORMED} answer named after {@code what} (for example "line 3 of
 * the peer's event stream has no 'version'"), unless its record component is an {@link Optional}.
 * Values are read strictly: Yasson on its own would turn {@code 1.5} into the integer 1, {@code
 * "12"} into a number and {@code 1} into {@code false}, and an answer that does not follow the API
 * must not be read as one that does.
 */
public final class PeerJson {
  private static final Jsonb JSONB =
      JsonbBuilder.create(
          new JsonbConfig()
              .withDeserializers(
                  new Strings(), new Integers(), new Numbers(), new Booleans(), new Instants()));

  private PeerJson() {}

  /** A request body as JSON; null components are left out. */
  public static String write(Object body) {
    return JSONB.toJson(body);
  }

  /**
   * The JSON value of {@code text}.
   *
   * @throws PeerException when {@code text} is not JSON
   */
  public static JsonValue parse(String text, String what) {
    try (var reader = Json.createReader(new StringReader(text))) {
      return reader.readValue();
    } catch (JsonException e) {
      throw PeerException.malformed(what + " is not JSON: " + OneLine.of(e.getMessage()));
    }
  }

  /**
   * {@code value} as a {@code type}, every member that is not {@link Optional} present.
   *
   * @throws PeerException when it is not a JSON object with those members and types
   */
  public static <T extends Record> T read(JsonValue value, Class<T> type, String what) {
    if (!(value instanceof JsonObject)) {
      throw PeerException.malformed(what + " is not a JSON object");
    }
    T record;
    try {
      record = JSONB.fromJson(value.toString(), type);
    } catch (JsonbException e) {
      throw PeerException.malformed(
          what + " does not follow the client API: " + OneLine.of(e.getMessage()));
    }
    requireComplete(record, what);
    return record;
  }

  /**
   * {@code value} as a list of {@code type}, each item read as by {@link #read}.
   *
   * @throws PeerException when it is not a JSON array of such objects
   */
  public static <T extends Record> List<T> list(JsonValue value, Class<T> type, String what) {
    if (!(value instanceof jakarta.json.JsonArray items)) {
      throw PeerException.malformed(what + " is not a JSON array");
    }
    List<T> records = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      records.add(read(items.get(i), type, what + ", item " + (i + 1) + ","));
    }
    return records;
  }

  /** The string member {@code name} of an object, for telling events apart before reading one. */
  public static String string(JsonObject object, String name, String what) {
    JsonValue v = object.get(name);
    if (v == null || v == JsonValue.NULL) {
      throw PeerException.malformed(what + " has no '" + name + "'");
    }
    if (!(v instanceof JsonString s)) {
      throw PeerException.malformed(what + " has '" + name + "' = " + v + ", not a string");
    }
    return s.getString();
  }

  private static void requireComplete(Record record, String what) {
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      Object value;
      try {
        value = c.getAccessor().invoke(record);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read " + c, e);
      }
      String member = what + "'s '" + c.getName() + "'";
      if (value == null) {
        if (c.getType() != Optional.class) {
          throw PeerException.malformed(what + " has no '" + c.getName() + "'");
        }
      } else if (value instanceof Record nested) {
        requireComplete(nested, member);
      } else if (value instanceof List<?> items) {
        for (int i = 0; i < items.size(); i++) {
          if (items.get(i) == null) {
            throw PeerException.malformed(member + " has null as item " + (i + 1));
          }
          if (items.get(i) instanceof Record nested) {
            requireComplete(nested, member + ", item " + (i + 1) + ",");
          }
        }
      }
    }
  }

  // Each reads JSON null as null, which requireComplete reports as a missing member.

  private static final class Strings implements JsonbDeserializer<String> {
    @Override
    public String deserialize(JsonParser parser, DeserializationContext context, Type type) {
      JsonValue v = parser.getValue();
      if (v == JsonValue.NULL) {
        return null;
      }
      if (v instanceof JsonString s) {
        return s.getString();
      }
      throw new JsonbException(v + " is not a string");
    }
  }

  private static final class Integers implements JsonbDeserializer<Long> {
    @Override
    public Long deserialize(JsonParser parser, DeserializationContext context, Type type) {
      JsonValue v = parser.getValue();
      if (v == JsonValue.NULL) {
        return null;
      }
      if (v instanceof JsonNumber n && n.isIntegral()) {
        try {
          return n.bigDecimalValue().longValueExact();
        } catch (ArithmeticException e) {
          throw new JsonbException(v + " is too large an integer");
        }
      }
      throw new JsonbException(v + " is not an integer");
    }
  }

  private static final class Numbers implements JsonbDeserializer<Double> {
    @Override
    public Double deserialize(JsonParser parser, DeserializationContext context, Type type) {
      JsonValue v = parser.getValue();
      if (v == JsonValue.NULL) {
        return null;
      }
      if (v instanceof JsonNumber n) {
        return n.doubleValue();
      }
      throw new JsonbException(v + " is not a number");
    }
  }

  private static final class Booleans implements JsonbDeserializer<Boolean> {
    @Override
    public Boolean deserialize(JsonParser parser, DeserializationContext context, Type type) {
      JsonValue v = parser.getValue();
      if (v == JsonValue.NULL) {
        return null;
      }
      if (v == JsonValue.TRUE || v == JsonValue.FALSE) {
        return v == JsonValue.TRUE;
      }
      throw new JsonbException(v + " is not true or false");
    }
  }

  /** ISO-8601 instants, as the API writes them; an offset other than Z is read too. */
  private static final class Instants implements JsonbDeserializer<Instant> {
    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context, Type type) {
      JsonValue v = parser.getValue();
      if (v == JsonValue.NULL) {
        return null;
      }
      if (v instanceof JsonString s) {
        try {
          return OffsetDateTime.parse(s.getString()).toInstant();
        } catch (DateTimeParseException e) {
          // said below
        }
      }
      throw new JsonbException(v + " is not a date-time such as 2026-11-26T02:00:00Z");
    }
  }
}
