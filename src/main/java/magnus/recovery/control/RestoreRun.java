package magnus.recovery.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.logging.Logger;
import magnus.filemap.entity.FileEntry;
import magnus.host.control.EventStream;
import magnus.host.control.EventStream.Kind;

/**
 * Restores one version of one file as one operation, telling its events as they happen ({@code
 * docs/api.md}, POST /api/restores): the start, progress, fragments set aside, and the outcome.
 */
@ApplicationScoped
public class RestoreRun {

  static final Logger LOG = Logger.getLogger(RestoreRun.class.getName());

  @Inject FileRestore restore;

  /** Restores {@code entry} to {@code destination}; returns when it is done or failed. */
  public void run(FileEntry entry, Path destination, EventStream events) {
    long started = System.nanoTime();
    events.send(
        EventStream.event(Kind.START)
            .add("path", entry.path())
            .add("version", entry.version())
            .add("size", entry.size())
            .add("to", destination.toString())
            .build());
    try {
      restore.restore(
          entry,
          destination,
          new FileRestore.Listener() {
            @Override
            public void progress(long bytes) {
              events.progress(bytes, entry.size());
            }

            @Override
            public void setAside(
                String peerUrl, int index, FileRestore.SetAside why, String detail) {
              LOG.warning(
                  () ->
                      "fragment "
                          + index
                          + " of "
                          + entry.path()
                          + " on "
                          + peerUrl
                          + " set aside: "
                          + detail);
              events.send(
                  EventStream.event(
                          why == FileRestore.SetAside.CORRUPT ? Kind.CORRUPT : Kind.UNAVAILABLE)
                      .add("peer", peerUrl)
                      .add("index", index)
                      .add("cause", why.name().toLowerCase(java.util.Locale.ROOT))
                      .add("reason", detail)
                      .build());
            }
          });
      events.send(
          EventStream.event(Kind.DONE)
              .add("path", entry.path())
              .add("to", destination.toString())
              .add("bytes", entry.size())
              .add("seconds", (System.nanoTime() - started) / 1e9)
              .build());
    } catch (RestoreException e) {
      LOG.warning(() -> "restore of " + entry.path() + " failed: " + e.getMessage());
      events.send(EventStream.event(Kind.FAILED).add("reason", e.getMessage()).build());
    }
  }
}
