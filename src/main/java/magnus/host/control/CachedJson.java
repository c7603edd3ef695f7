package magnus.host.control;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;
import java.io.Reader;

/**
 * {@code jakarta.json.Json}'s factories on a provider looked up once. Why: {@code Json} looks its
 * provider up again on every call, through every jar on the class path, and in a backup's progress
 * reports that was a tenth of the owner's CPU; a FileMap rebuild makes one call per fragment.
 */
public final class CachedJson {

  private static final JsonProvider PROVIDER = JsonProvider.provider();

  private CachedJson() {}

  public static JsonObjectBuilder createObjectBuilder() {
    return PROVIDER.createObjectBuilder();
  }

  public static JsonArrayBuilder createArrayBuilder() {
    return PROVIDER.createArrayBuilder();
  }

  public static JsonReader createReader(Reader reader) {
    return PROVIDER.createReader(reader);
  }
}
