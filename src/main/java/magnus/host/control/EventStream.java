package magnus.host.control;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes a long operation's events as NDJSON, one JSON object per line, flushed as it happens. An
 * event is a {@link Kind} and a JSON-B record of its fields (the operations define theirs: {@code
 * BackupEvents}, {@code RestoreEvents}); on the wire, {@code "event"} comes first, then the
 * record's components in the order of its {@code @JsonbPropertyOrder} ({@code docs/api.md}).
 *
 * <p>Only the thread that made the stream (the one answering the request) writes to the response.
 * Events sent from other threads (an operation that works on several files at once) wait in a queue
 * until that thread writes them in {@link #relayUntil}.
 *
 * <p>A client that goes away has not cancelled the operation: once a write fails, later events are
 * dropped and the operation goes on to its end. Progress events are thinned to a few per second.
 */
public final class EventStream {

  /**
   * Made once: making a Jsonb looks the provider up through the class path, and looking a JSON
   * provider up for every event once made progress reports a tenth of a backup's CPU. A Jsonb is
   * thread-safe.
   */
  private static final Jsonb JSONB = JsonbBuilder.create();

  static final long PROGRESS_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  /** The kinds of event, as {@code docs/api.md} lists them; on the wire in lower case. */
  public enum Kind {
    /** What the operation found to do. */
    START,
    /** A file starts. */
    FILE,
    /** Bytes done so far. */
    PROGRESS,
    /** A file's fragments are all acknowledged and its version recorded. */
    STORED,
    /** Not a regular file, or unreadable: nothing recorded. */
    SKIPPED,
    /** A fragment failed its SHA-256 check; another one is used. */
    CORRUPT,
    /** A holder did not answer in time, or failed part way; another fragment is used. */
    UNAVAILABLE,
    /** A file (with a path) or the whole operation (without) failed. */
    FAILED,
    /** The end. */
    DONE;

    /** The event's name on the wire. */
    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The fields of a {@link Kind#PROGRESS progress} event: bytes done so far, of the total. */
  @JsonbPropertyOrder({"bytes", "totalBytes"})
  public record Progress(long bytes, long totalBytes) {}

  /**
   * One event as its line: {@code {"event":"kind", ...the record's fields}}. Why spliced: a
   * component for the kind in every record would let a caller name the wrong kind, and a JSON-B
   * serializer per record would be more code than this. The record's own JSON is an object, so
   * dropping its opening brace and putting the kind in front keeps it one valid object.
   *
   * @param fields a record of the event's fields, or null for an event with none
   */
  public static String line(Kind kind, Record fields) {
    String head = "{\"event\":\"" + kind.wire() + "\"";
    String body = fields == null ? "{}" : JSONB.toJson(fields);
    return body.equals("{}") ? head + "}" : head + "," + body.substring(1);
  }

  private final OutputStream out;
  private final Thread writer = Thread.currentThread();
  private final BlockingQueue<String> queued = new LinkedBlockingQueue<>();
  private boolean gone;
  private volatile long lastProgress = System.nanoTime() - PROGRESS_NANOS;

  /** A stream written by the calling thread. */
  public EventStream(OutputStream out) {
    this.out = out;
  }

  /**
   * Sends one event: at once on the writing thread, otherwise as soon as it relays.
   *
   * @param fields a JSON-B record of the event's fields, or null for none
   */
  public void send(Kind kind, Record fields) {
    String event = line(kind, fields);
    if (Thread.currentThread() == writer) {
      write(event);
    } else {
      queued.add(event);
    }
  }

  /**
   * Sends a {@code progress} event ({@code bytes} of {@code totalBytes} done), at most one every
   * 250 ms; the others are dropped unbuilt. Any thread may call it.
   */
  public synchronized void progress(long bytes, long totalBytes) {
    long now = System.nanoTime();
    if (now - lastProgress >= PROGRESS_NANOS) {
      lastProgress = now;
      send(Kind.PROGRESS, new Progress(bytes, totalBytes));
    }
  }

  /**
   * On the writing thread: writes the events other threads send until {@code work} is done, then
   * the last of them.
   */
  public void relayUntil(Future<?> work) {
    try {
      while (!work.isDone()) {
        // A short wait: the work's end is seen at most 10 ms late, where a wait of 100 ms made
        // every operation that relays end up to 100 ms after its work.
        String event = queued.poll(10, TimeUnit.MILLISECONDS);
        if (event != null) {
          write(event);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    relayPending();
  }

  /** On the writing thread: writes the events other threads have sent so far. */
  public void relayPending() {
    for (String event; (event = queued.poll()) != null; ) {
      write(event);
    }
  }

  private void write(String event) {
    if (gone) {
      return;
    }
    try {
      out.write((event + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      gone = true;
    }
  }
}
