package magnus.cli.boundary;

import java.util.Locale;
import magnus.cli.control.PeerException;
import magnus.cli.control.ProgressBar;
import magnus.cli.entity.Events;
import magnus.cli.entity.Requests;
import magnus.units.Units;

/**
 * {@code magnus restore --snapshot ID} or {@code --as-of TIME}: {@code POST
 * /api/snapshots/restores}, with the peer's events shown as they come.
 *
 * <p>stdout gets a {@code failed PATH (REASON)} line per file that could not be restored, and a
 * closing {@code restored PATH from snapshot ID to DEST: F files, D directories, L links, SIZE in T
 * s}. stderr gets the progress, and on failure the reason, with exit code {@value
 * PeerSubcommand#EXIT_FAILED}.
 */
final class TreeRestoreCommand {
  private final RestoreCommand command;
  private String failure;
  private Events.TreeRestored done;

  TreeRestoreCommand(RestoreCommand command) {
    this.command = command;
  }

  int run(PeerClient peer, Requests.SnapshotRestore body) throws InterruptedException {
    ProgressBar progress = new ProgressBar(command.err(), command.stderrIsTerminal());
    try {
      peer.stream("/api/snapshots/restores", body, event -> on(event, progress));
    } finally {
      progress.finish();
    }
    if (failure != null) {
      return command.fail(
          "cannot restore " + body.path() + ": " + failure, PeerSubcommand.EXIT_FAILED);
    }
    if (done == null) {
      throw PeerException.unreachable(
          "the peer at "
              + peer.url()
              + " closed the event stream before the restore's end; the restore may still be"
              + " running there");
    }
    String to = body.to() == null ? body.path() : body.to();
    command
        .out()
        .printf(
            Locale.ROOT,
            "restored %s from snapshot %s to %s: %d files, %d directories, %d links, %s in %.1f"
                + " s%n",
            body.path(),
            done.snapshot(),
            to,
            done.files(),
            done.directories(),
            done.links(),
            Units.bytes(done.bytes()),
            done.seconds());
    command.out().flush();
    if (done.failed() > 0) {
      return command.fail(
          done.failed()
              + (done.failed() == 1 ? " path was" : " paths were")
              + " not restored; see the lines above",
          PeerSubcommand.EXIT_FAILED);
    }
    return PeerSubcommand.EXIT_OK;
  }

  private void on(PeerClient.Event event, ProgressBar progress) {
    if (done != null || failure != null) {
      throw PeerException.malformed("the peer sent events after the restore's last event");
    }
    switch (event.name()) {
      case "start" -> {
        Events.TreeStart start = event.as(Events.TreeStart.class);
        progress.println(
            command.err(),
            "restoring "
                + start.files()
                + (start.files() == 1 ? " file, " : " files, ")
                + Units.bytes(start.totalBytes()));
        progress.update(0, start.totalBytes());
      }
      case "progress" -> {
        Events.Progress p = event.as(Events.Progress.class);
        progress.update(p.bytes(), p.totalBytes());
      }
      case "failed" -> {
        Events.Failed f = event.as(Events.Failed.class);
        if (f.path().isPresent()) {
          progress.println(command.out(), "failed  " + f.path().get() + "  (" + f.reason() + ")");
        } else {
          failure = f.reason();
        }
      }
      case "done" -> done = event.as(Events.TreeRestored.class);
      default -> {
        // events of later API versions carry nothing to print
      }
    }
  }
}
