package magnus.cli.boundary;

import java.util.List;
import java.util.Locale;
import magnus.cli.control.CodeOptions;
import magnus.cli.control.LocalPaths;
import magnus.cli.control.PeerException;
import magnus.cli.control.ProgressBar;
import magnus.cli.entity.Events;
import magnus.cli.entity.Requests;
import magnus.units.Units;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code magnus backup} (also {@code magnus snapshot}): {@code POST /api/snapshots}, with the
 * peer's events shown as they come.
 *
 * <p>stdout gets {@code skipped PATH (REASON)} and {@code failed PATH (REASON)} lines, and a
 * closing {@code snapshot ID saved: N new, C changed, U unchanged, SIZE added in T s}. stderr gets
 * the progress and, when a file was not backed up, the reason for the exit code {@value
 * PeerSubcommand#EXIT_FAILED}.
 */
@Command(
    name = "backup",
    aliases = "snapshot",
    description = {
      "Back up files and directory trees as one snapshot: contents cut into chunks, each stored"
          + " once, in packs spread over the network.",
      "A file unchanged since the last snapshot of the same paths (size, times, inode) is not"
          + " read again. Symbolic links are kept as links, never followed."
    })
class SnapshotCommand extends PeerSubcommand {
  @Option(
      names = "--k",
      paramLabel = "K",
      description = "Fragments needed to rebuild a pack (default: the peer's magnus.code.k).")
  Integer k;

  @Option(
      names = "--n",
      paramLabel = "N",
      description = "Fragments each pack is cut into (default: the peer's magnus.code.n).")
  Integer n;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files and directories.")
  List<String> paths;

  private int failed;
  private String wholeFailure;
  private Events.SnapshotDone done;

  @Override
  int run(PeerClient peer) throws InterruptedException {
    CodeOptions.checkGiven(k, n);
    Requests.Snapshot body =
        new Requests.Snapshot(paths.stream().map(LocalPaths::absolute).distinct().toList(), k, n);
    ProgressBar progress = new ProgressBar(err(), stderrIsTerminal());
    try {
      peer.stream("/api/snapshots", body, event -> on(event, progress));
    } finally {
      progress.finish();
    }
    if (wholeFailure != null) {
      return fail("the snapshot failed: " + wholeFailure, EXIT_FAILED);
    }
    if (done == null) {
      throw PeerException.unreachable(
          "the peer at "
              + peer.url()
              + " closed the event stream before the snapshot's end; it may still be running"
              + " there: see 'magnus snapshots' later");
    }
    out()
        .printf(
            Locale.ROOT,
            "snapshot %s saved: %d new, %d changed, %d unchanged, %s added in %.1f s%n",
            done.snapshot(),
            done.filesNew(),
            done.filesChanged(),
            done.filesUnchanged(),
            Units.bytes(done.bytesAdded()),
            done.seconds());
    out().flush();
    if (done.failed() > 0) {
      return fail(
          done.failed()
              + (done.failed() == 1 ? " path was" : " paths were")
              + " not backed up; see the lines above",
          EXIT_FAILED);
    }
    return EXIT_OK;
  }

  private void on(PeerClient.Event event, ProgressBar progress) {
    if (done != null || wholeFailure != null) {
      throw PeerException.malformed("the peer sent events after the snapshot's last event");
    }
    switch (event.name()) {
      case "start" -> {
        Events.TreeStart start = event.as(Events.TreeStart.class);
        progress.println(
            err(),
            "backing up "
                + start.files()
                + (start.files() == 1 ? " file, " : " files, ")
                + Units.bytes(start.totalBytes()));
        progress.update(0, start.totalBytes());
      }
      case "progress" -> {
        Events.Progress p = event.as(Events.Progress.class);
        progress.update(p.bytes(), p.totalBytes());
      }
      case "skipped" -> {
        Events.Skipped s = event.as(Events.Skipped.class);
        progress.println(out(), "skipped " + s.path() + "  (" + s.reason() + ")");
      }
      case "failed" -> {
        Events.Failed f = event.as(Events.Failed.class);
        if (f.path().isPresent()) {
          failed++;
          progress.println(out(), "failed  " + f.path().get() + "  (" + f.reason() + ")");
        } else {
          wholeFailure = f.reason();
        }
      }
      case "done" -> done = event.as(Events.SnapshotDone.class);
      default -> {
        // events of later API versions carry nothing to print
      }
    }
  }
}
