package magnus.host.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnownFieldsCheckTest {

  @KnownFields(value = "a backup", example = "{\"paths\": [\"/absolute/path\"]}")
  record Backup(List<String> paths, Long k, Long n) {}

  record Unmarked(String x) {}

  @Test
  void aKnownBodyIsHandedOnByteForByte() throws Exception {
    Context c = new Context(Backup.class, "{\"paths\": [\"/a\"], \"k\": 3, \"n\": null}");
    assertThat(new KnownFieldsCheck().aroundReadFrom(c))
        .isEqualTo("{\"paths\": [\"/a\"], \"k\": 3, \"n\": null}");
  }

  @Test
  void anUnknownFieldIsNamedWithTheFieldsThatAreKnown() {
    assertDetail(
        Backup.class,
        "{\"paths\": [\"/a\"], \"K\": 3}",
        "unknown field \"K\"; a backup takes paths, k and n");
  }

  @Test
  void wrongTypesAndNumbersPast64BitsAreNamed() {
    assertDetail(Backup.class, "{\"k\": \"3\"}", "k must be a whole number, got \"3\"");
    assertDetail(Backup.class, "{\"k\": 2.5}", "k must be a whole number, got 2.5");
    assertDetail(
        Backup.class,
        "{\"n\": 18446744073709551617}",
        "n must be a whole number, got 18446744073709551617");
    assertDetail(Backup.class, "{\"paths\": \"/a\"}", "paths must be a list, got \"/a\"");
    assertDetail(Backup.class, "{\"paths\": [1]}", "every entry of paths must be a string, got 1");
  }

  @Test
  void noBodyOrNoObjectSaysWhatToSend() {
    assertDetail(
        Backup.class, "", "the request has no body; send {\"paths\": [\"/absolute/path\"]}");
    assertDetail(
        Backup.class,
        "[1]",
        "the request body must be a JSON object; send {\"paths\": [\"/absolute/path\"]}");
  }

  @Test
  void anUnmarkedTypeIsLeftToItsReader() throws Exception {
    assertThat(new KnownFieldsCheck().aroundReadFrom(new Context(Unmarked.class, "{\"y\": 1}")))
        .isEqualTo("{\"y\": 1}");
  }

  static void assertDetail(Class<?> type, String body, String detail) {
    assertThatThrownBy(() -> new KnownFieldsCheck().aroundReadFrom(new Context(type, body)))
        .isInstanceOfSatisfying(
            WebApplicationException.class,
            e -> {
              assertThat(e.getResponse().getStatus()).isEqualTo(400);
              String json = (String) e.getResponse().getEntity();
              assertThat(Json.createReader(new StringReader(json)).readObject().getString("detail"))
                  .isEqualTo(detail);
            });
  }

  /** A reader that answers the body it is handed, as text. */
  static final class Context implements ReaderInterceptorContext {
    private final Class<?> type;
    private InputStream in;

    Context(Class<?> type, String body) {
      this.type = type;
      this.in = new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Object proceed() throws java.io.IOException {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Override
    public InputStream getInputStream() {
      return in;
    }

    @Override
    public void setInputStream(InputStream is) {
      this.in = is;
    }

    @Override
    public MultivaluedMap<String, String> getHeaders() {
      return new MultivaluedHashMap<>();
    }

    @Override
    public Object getProperty(String name) {
      return null;
    }

    @Override
    public Collection<String> getPropertyNames() {
      return List.of();
    }

    @Override
    public void setProperty(String name, Object object) {}

    @Override
    public void removeProperty(String name) {}

    @Override
    public Annotation[] getAnnotations() {
      return new Annotation[0];
    }

    @Override
    public void setAnnotations(Annotation[] annotations) {}

    @Override
    public Class<?> getType() {
      return type;
    }

    @Override
    public void setType(Class<?> type) {}

    @Override
    public Type getGenericType() {
      return type;
    }

    @Override
    public void setGenericType(Type genericType) {}

    @Override
    public MediaType getMediaType() {
      return MediaType.APPLICATION_JSON_TYPE;
    }

    @Override
    public void setMediaType(MediaType mediaType) {}
  }
}
