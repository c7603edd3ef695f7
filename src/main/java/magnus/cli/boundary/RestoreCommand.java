package magnus.cli.boundary;

import java.util.Locale;
import magnus.cli.control.LocalPaths;
import magnus.cli.control.PeerException;
import magnus.cli.control.ProgressBar;
import magnus.cli.control.UserException;
import magnus.cli.entity.Events;
import magnus.cli.entity.Requests;
import magnus.units.Units;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code magnus restore}: {@code POST /api/restores}, with the peer's events shown as they come.
 *
 * <p>stdout gets {@code restored PATH (version V) to DEST: SIZE in T s}. stderr gets {@code
 * restoring PATH (version V, SIZE) to DEST}, the progress, a {@code warning: ...} line per
 * unavailable or corrupt fragment (replaced by another), and on failure the peer's reason, with
 * exit code {@value PeerSubcommand#EXIT_FAILED}.
 */
@Command(
    name = "restore",
    description = {
      "Restore one backed-up file, by default its latest version over the original path; with"
          + " --snapshot or --as-of, a file, a link or a whole directory tree of a snapshot (a path"
          + " that only snapshots hold comes from the newest of them).",
      "The peer writes the file itself, to a temporary file renamed into place at the end: a"
          + " failed restore leaves nothing at the destination."
    })
class RestoreCommand extends PeerSubcommand {
  @Parameters(index = "0", paramLabel = "PATH", description = "The path as it was backed up.")
  String path;

  @Option(
      names = "--version",
      paramLabel = "V",
      description = "The version to restore (default: the latest); see 'magnus versions PATH'.")
  Long version;

  @Option(
      names = "--to",
      paramLabel = "DEST",
      description = "Where to write the file (default: PATH itself).")
  String to;

  @Option(
      names = "--snapshot",
      paramLabel = "ID",
      description =
          "Restore from this snapshot (an id or its first digits, see 'magnus snapshots'; 'latest'"
              + " for the newest that holds PATH).")
  String snapshot;

  @Option(
      names = "--as-of",
      paramLabel = "TIME",
      description =
          "Restore PATH as it was at TIME (ISO-8601, e.g. 2026-12-01T09:00:00Z): from the newest"
              + " snapshot made at or before it.")
  String asOf;

  private long restoredVersion = -1;
  private String failure;
  private Events.RestoreDone done;

  @Override
  int run(PeerClient peer) throws InterruptedException {
    if (version != null && version < 1) {
      throw new UserException(
          "--version "
              + version
              + " is not a version; versions count from 1 (see 'magnus versions PATH')");
    }
    String absolute = LocalPaths.absolute(path);
    if (snapshot != null || asOf != null) {
      if (version != null) {
        throw new UserException(
            "--version is for files backed up one by one; a snapshot is chosen with --snapshot or"
                + " --as-of alone");
      }
      return new TreeRestoreCommand(this)
          .run(
              peer,
              new Requests.SnapshotRestore(
                  absolute,
                  "latest".equals(snapshot) ? null : snapshot,
                  asOf,
                  to == null ? null : LocalPaths.absolute(to)));
    }
    Requests.Restore body =
        new Requests.Restore(absolute, version, to == null ? null : LocalPaths.absolute(to));
    ProgressBar progress = new ProgressBar(err(), stderrIsTerminal());
    try {
      peer.stream("/api/restores", body, event -> on(event, progress));
    } catch (PeerException e) {
      // No file backed up one by one there (404): a path that snapshots hold comes from the
      // newest of them, so that the user need not know which way it was backed up.
      if (version == null
          && e.kind() == PeerException.Kind.REFUSED
          && e.status() == 404
          && inASnapshot(peer, absolute)) {
        progress.finish();
        return new TreeRestoreCommand(this)
            .run(
                peer,
                new Requests.SnapshotRestore(
                    absolute, null, null, to == null ? null : LocalPaths.absolute(to)));
      }
      throw e;
    } finally {
      progress.finish();
    }
    if (failure != null) {
      return fail("cannot restore " + absolute + ": " + failure, EXIT_FAILED);
    }
    if (done == null) {
      throw PeerException.unreachable(
          "the peer at "
              + peer.url()
              + " closed the event stream before the restore's end; the restore may still be"
              + " running there");
    }
    out()
        .printf(
            Locale.ROOT,
            "restored %s (version %s) to %s: %s in %.1f s%n",
            done.path(),
            restoredVersion < 0 ? "?" : Long.toString(restoredVersion),
            done.to(),
            Units.bytes(done.bytes()),
            done.seconds());
    out().flush();
    return EXIT_OK;
  }

  /** Whether a snapshot holds the path. */
  static boolean inASnapshot(PeerClient peer, String path) throws InterruptedException {
    try {
      jakarta.json.JsonValue all = peer.get("/api/snapshots", java.util.Map.of("path", path));
      return all instanceof jakarta.json.JsonArray a && !a.isEmpty();
    } catch (PeerException e) {
      return false; // the first refusal is the one to report
    }
  }

  private void on(PeerClient.Event event, ProgressBar progress) {
    if (done != null || failure != null) {
      throw PeerException.malformed("the peer sent events after the restore's last event");
    }
    switch (event.name()) {
      case "start" -> {
        Events.RestoreStart start = event.as(Events.RestoreStart.class);
        restoredVersion = start.version();
        progress.println(
            err(),
            "restoring "
                + start.path()
                + " (version "
                + restoredVersion
                + ", "
                + Units.bytes(start.size())
                + ") to "
                + start.to());
        progress.update(0, start.size());
      }
      case "progress" -> {
        Events.Progress p = event.as(Events.Progress.class);
        progress.update(p.bytes(), p.totalBytes());
      }
      case "corrupt" -> {
        Events.Corrupt c = event.as(Events.Corrupt.class);
        progress.println(
            err(),
            "warning: fragment "
                + c.index()
                + " on "
                + c.peer()
                + " was set aside ("
                + c.reason()
                + "); another fragment is used instead");
      }
      case "unavailable" -> {
        Events.Unavailable u = event.as(Events.Unavailable.class);
        progress.println(
            err(),
            "warning: fragment "
                + u.index()
                + " on "
                + u.peer()
                + " is unavailable ("
                + u.cause()
                + ": "
                + u.reason()
                + "); another fragment is used instead");
      }
      case "failed" -> failure = event.as(Events.Failed.class).reason();
      case "done" -> done = event.as(Events.RestoreDone.class);
      default -> {
        // events of later API versions carry nothing to print
      }
    }
  }
}
