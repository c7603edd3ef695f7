package magnus.filemap.boundary;

import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;

/**
 * Sends the event streams of backups and restores ({@code docs/api.md}) to the client as they are
 * written, event by event.
 *
 * <p>Why: Jersey, Payara's JAX-RS, gathers the first 8 KiB of every answer so as to give it a
 * {@code Content-Length}, and a flush before then sends nothing. A restore's few events fit in 8
 * KiB, so they all came at its end, and a backup that failed after minutes showed nothing until it
 * ended. With the buffer off, an answer goes out as it is written; an answer whose resource sets
 * its {@code Content-Length} (a fragment download) still carries it, and small JSON answers go out
 * chunked. The setting is Jersey's and applies to the whole application; no standard JAX-RS setting
 * exists for it.
 */
@Provider
public class EventStreaming implements Feature {

  /** Jersey's server-side {@code CommonProperties.OUTBOUND_CONTENT_LENGTH_BUFFER}. */
  static final String CONTENT_LENGTH_BUFFER = "jersey.config.server.contentLength.buffer";

  @Override
  public boolean configure(FeatureContext context) {
    context.property(CONTENT_LENGTH_BUFFER, 0);
    return true;
  }
}
