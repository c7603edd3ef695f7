package magnus.host.control;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Writes a long operation's events as NDJSON, one JSON object per line, flushed as it happens.
 *
 * <p>A client that goes away has not cancelled the operation: once a write fails, later events are
 * dropped and the operation goes on to its end. Progress events are thinned to a few per second.
 */
public final class EventStream {

  static final long PROGRESS_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  private final OutputStream out;
  private boolean gone;
  private long lastProgress = System.nanoTime() - PROGRESS_NANOS;

  public EventStream(OutputStream out) {
    this.out = out;
  }

  /** Sends one event at once. */
  public synchronized void send(JsonObject event) {
    if (gone) {
      return;
    }
    try {
      out.write((event.toString() + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      gone = true;
    }
  }

  /** Sends a progress event unless one went out less than a quarter of a second ago. */
  public synchronized void progress(JsonObject event) {
    long now = System.nanoTime();
    if (now - lastProgress >= PROGRESS_NANOS) {
      lastProgress = now;
      send(event);
    }
  }
}
