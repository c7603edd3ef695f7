package magnus.cli.boundary;

import java.time.ZoneId;
import magnus.cli.control.LocalPaths;
import magnus.cli.control.PeerJson;
import magnus.cli.control.ProgressBar;
import magnus.cli.control.UserException;
import magnus.cli.entity.Answers;
import magnus.cli.entity.Requests;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code magnus recover --to DIR}: starts a drill with {@code POST /api/recovery} (DIR made
 * absolute against the working directory), then follows it as {@code recovery status --watch} does.
 *
 * <p>stderr gets {@code recovery run R (drill) started: every file's newest version into DIR} and
 * the progress; stdout gets the summary of {@link RecoveryStatus#print}. Exit code {@value
 * PeerSubcommand#EXIT_OK} only when every file is done, {@value PeerSubcommand#EXIT_FAILED}
 * otherwise; {@value PeerSubcommand#EXIT_REFUSED} with the peer's reason when it refuses the drill
 * (409: another run is not done). With {@code --no-wait} the started line goes to stdout and the
 * command ends at once with {@value PeerSubcommand#EXIT_OK}.
 */
@Command(
    name = "recover",
    description = {
      "Recovery drill: restore the newest version of every backed-up file into DIR, each under its"
          + " own absolute path there (/srv/a goes to DIR/srv/a), and follow it until it is done.",
      "Files that exist there and differ are left alone and reported as conflicts."
    })
class RecoverCommand extends PeerSubcommand {
  @Option(
      names = "--to",
      required = true,
      paramLabel = "DIR",
      description = "The directory to restore into (relative to the current directory).")
  String to;

  @Option(
      names = "--no-wait",
      description = "Start the drill and end; follow it with 'magnus recovery status --watch'.")
  boolean noWait;

  @Option(
      names = "--interval",
      paramLabel = "SECONDS",
      defaultValue = "1",
      description =
          "How often to ask the peer how the drill is doing (default: ${DEFAULT-VALUE} s).")
  double interval;

  @Override
  int run(PeerClient peer) throws InterruptedException {
    checkInterval(interval);
    String dir = LocalPaths.absolute(to);
    Answers.RecoveryStarted started =
        PeerJson.read(
            peer.post(RecoveryStatus.PATH, new Requests.Drill(dir)),
            Answers.RecoveryStarted.class,
            "the peer's answer to recover");
    long run = started.run();
    String line =
        "recovery run "
            + run
            + " ("
            + started.kind().orElse("drill")
            + ") started: every file's newest version into "
            + started.destination().orElse(dir);
    if (noWait) {
      out().println(line + "; follow it with 'magnus recovery status --watch'");
      out().flush();
      return EXIT_OK;
    }
    err().println(line);
    err().flush();
    RecoveryStatus status;
    try {
      status =
          RecoveryStatus.watch(peer, new ProgressBar(err(), stderrIsTerminal()), interval, run);
    } catch (RecoveryStatus.OtherRun e) {
      return fail(e.getMessage(), EXIT_FAILED);
    }
    status.print(out(), ZoneId.systemDefault());
    return status.allDone() ? EXIT_OK : EXIT_FAILED;
  }

  static void checkInterval(double seconds) {
    if (!(seconds > 0 && seconds <= 3600)) {
      throw new UserException(
          "--interval " + seconds + " is not a polling interval; give seconds between 0 and 3600");
    }
  }
}
