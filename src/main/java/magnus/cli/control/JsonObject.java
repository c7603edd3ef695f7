package magnus.cli.control;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One JSON object of a peer's answer, with typed getters. A member that is missing or has the wrong
 * type is a {@link PeerException.Kind#MALFORMED} answer, named after {@code what} (for example "the
 * 'stored' event"), so that the operator learns which part of the answer is wrong.
 */
public final class JsonObject {
  private final Map<String, Object> members;
  private final String what;

  private JsonObject(Map<String, Object> members, String what) {
    this.members = members;
    this.what = what;
  }

  /**
   * The value as an object.
   *
   * @throws PeerException when it is not a JSON object
   */
  @SuppressWarnings("unchecked")
  public static JsonObject of(Object value, String what) {
    if (!(value instanceof Map<?, ?>)) {
      throw PeerException.malformed(what + " is not a JSON object");
    }
    return new JsonObject((Map<String, Object>) value, what);
  }

  /**
   * The value as an array of objects.
   *
   * @throws PeerException when it is not an array of objects
   */
  public static List<JsonObject> list(Object value, String what) {
    if (!(value instanceof List<?> items)) {
      throw PeerException.malformed(what + " is not a JSON array");
    }
    List<JsonObject> objects = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      objects.add(of(items.get(i), what + ", item " + (i + 1) + ","));
    }
    return objects;
  }

  public boolean has(String name) {
    return members.get(name) != null;
  }

  public String string(String name) {
    Object v = require(name);
    if (!(v instanceof String s)) {
      throw wrongType(name, "a string");
    }
    return s;
  }

  /** The string member, or {@code fallback} when it is missing or null. */
  public String string(String name, String fallback) {
    return has(name) ? string(name) : fallback;
  }

  /** An integer member (a JSON number without fraction that fits a long). */
  public long integer(String name) {
    Object v = require(name);
    if (!(v instanceof Long l)) {
      throw wrongType(name, "an integer");
    }
    return l;
  }

  public OptionalLong optionalInteger(String name) {
    return has(name) ? OptionalLong.of(integer(name)) : OptionalLong.empty();
  }

  public double decimal(String name) {
    Object v = require(name);
    if (!(v instanceof Number n)) {
      throw wrongType(name, "a number");
    }
    return n.doubleValue();
  }

  public boolean bool(String name) {
    Object v = require(name);
    if (!(v instanceof Boolean b)) {
      throw wrongType(name, "true or false");
    }
    return b;
  }

  /** An object member, itself checked as {@code what}'s {@code 'name'}. */
  public JsonObject object(String name) {
    Object v = require(name);
    if (!(v instanceof Map<?, ?>)) {
      throw wrongType(name, "an object");
    }
    return of(v, what + "'s '" + name + "'");
  }

  /** An array-of-objects member. */
  public List<JsonObject> objects(String name) {
    Object v = require(name);
    if (!(v instanceof List<?>)) {
      throw wrongType(name, "an array");
    }
    return list(v, what + "'s '" + name + "'");
  }

  /** An RFC 3339 time stamp, such as {@code 2026-11-26T02:00:00Z}. */
  public Instant instant(String name) {
    String s = string(name);
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      throw PeerException.malformed(
          what
              + " has '"
              + name
              + "' = \""
              + s
              + "\", which is not a date-time such as"
              + " 2026-11-26T02:00:00Z");
    }
  }

  private Object require(String name) {
    Object v = members.get(name);
    if (v == null) {
      throw PeerException.malformed(what + " has no '" + name + "'");
    }
    return v;
  }

  private PeerException wrongType(String name, String expected) {
    return PeerException.malformed(
        what + " has '" + name + "' = " + Json.write(members.get(name)) + ", not " + expected);
  }
}
