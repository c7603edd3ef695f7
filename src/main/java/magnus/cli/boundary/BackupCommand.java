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
 * {@code magnus backup-files}: {@code POST /api/backups}, with the peer's events shown as they
 * come.
 *
 * <p>stdout gets one line per file, {@code stored PATH (version V, SIZE)}, {@code skipped PATH
 * (REASON)} or {@code failed PATH (REASON)}, and a closing {@code backup done: S stored, K skipped,
 * F failed, SIZE in T s}. stderr gets the progress and, when a file was not backed up, the one-line
 * reason for the exit code {@value PeerSubcommand#EXIT_FAILED}.
 */
@Command(
    name = "backup-files",
    description = {
      "Back up files one by one, each file its own object of n fragments, with versions (the"
          + " format before snapshots; 'magnus backup' makes snapshots).",
      "Relative paths are taken from the current directory. The peer reads the files itself, so"
          + " they must be readable by the peer's user."
    })
class BackupCommand extends PeerSubcommand {
  @Option(
      names = "--k",
      paramLabel = "K",
      description = "Fragments needed to rebuild a file (default: the peer's magnus.code.k).")
  Integer k;

  @Option(
      names = "--n",
      paramLabel = "N",
      description = "Fragments each file is cut into (default: the peer's magnus.code.n).")
  Integer n;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files and directories.")
  List<String> paths;

  private int stored;
  private int skipped;
  private int failed;
  private String wholeFailure;
  private Events.BackupDone done;

  @Override
  int run(PeerClient peer) throws InterruptedException {
    CodeOptions.checkGiven(k, n);
    Requests.Backup body =
        new Requests.Backup(paths.stream().map(LocalPaths::absolute).distinct().toList(), k, n);
    ProgressBar progress = new ProgressBar(err(), stderrIsTerminal());
    try {
      peer.stream("/api/backups", body, event -> on(event, progress));
    } finally {
      progress.finish();
    }
    if (wholeFailure != null) {
      return fail("the backup failed: " + wholeFailure, EXIT_FAILED);
    }
    if (done == null) {
      throw PeerException.unreachable(
          "the peer at "
              + peer.url()
              + " closed the event stream before the backup's end; the backup may still be"
              + " running there: see 'magnus ls' later");
    }
    out()
        .printf(
            Locale.ROOT,
            "backup done: %d stored, %d skipped, %d failed, %s in %.1f s%n",
            done.stored(),
            done.skipped(),
            done.failed(),
            Units.bytes(done.bytes()),
            done.seconds());
    out().flush();
    long notStored = done.skipped() + done.failed();
    if (notStored > 0) {
      return fail(
          notStored
              + (notStored == 1 ? " file was" : " files were")
              + " not backed up ("
              + done.failed()
              + " failed, "
              + done.skipped()
              + " skipped); see the lines above",
          EXIT_FAILED);
    }
    return EXIT_OK;
  }

  private void on(PeerClient.Event event, ProgressBar progress) {
    if (done != null || wholeFailure != null) {
      throw PeerException.malformed("the peer sent events after the backup's last event");
    }
    switch (event.name()) {
      case "start" -> {
        Events.BackupStart start = event.as(Events.BackupStart.class);
        progress.println(
            err(),
            "backing up "
                + start.files()
                + (start.files() == 1 ? " file, " : " files, ")
                + Units.bytes(start.bytes()));
        progress.update(0, start.bytes());
      }
      case "progress" -> {
        Events.Progress p = event.as(Events.Progress.class);
        progress.update(p.bytes(), p.totalBytes());
      }
      case "stored" -> {
        Events.Stored s = event.as(Events.Stored.class);
        stored++;
        progress.println(
            out(),
            "stored  "
                + s.path()
                + "  (version "
                + s.version()
                + ", "
                + Units.bytes(s.size())
                + ")");
      }
      case "skipped" -> {
        Events.Skipped s = event.as(Events.Skipped.class);
        skipped++;
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
      case "done" -> {
        done = event.as(Events.BackupDone.class);
        // The counts are checked against what was seen, so that a lost event shows up.
        if (done.stored() != stored || done.skipped() != skipped || done.failed() != failed) {
          progress.println(
              err(),
              "warning: the peer counts "
                  + done.stored()
                  + " stored, "
                  + done.skipped()
                  + " skipped, "
                  + done.failed()
                  + " failed, but reported "
                  + stored
                  + ", "
                  + skipped
                  + ", "
                  + failed);
        }
      }
      default -> {
        // "file" and events of later API versions carry nothing to print.
      }
    }
  }
}
