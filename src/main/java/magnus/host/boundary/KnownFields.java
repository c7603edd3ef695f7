package magnus.host.boundary;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a JSON-B record that a client sends as a request body: {@link KnownFieldsCheck} refuses a
 * body with a field the record does not have (a typo such as {@code "K": 3} would otherwise be
 * dropped without a word), a field of the wrong JSON type, or no body at all, each with a one-line
 * problem that names the field.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface KnownFields {

  /** What the request asks for, as in "unknown field "x"; a backup takes paths, k and n". */
  String value();

  /** A minimal body, for the answer to an empty request: {@code {"paths": ["/absolute/path"]}}. */
  String example();
}
