package magnus.cli.boundary;

import java.time.ZoneId;
import java.util.Map;
import magnus.cli.control.PeerException;
import magnus.cli.control.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code magnus recovery status}: {@code GET /api/recovery}, printed as the summary of {@link
 * RecoveryStatus#print} on stdout; exit code {@value PeerSubcommand#EXIT_OK}.
 *
 * <p>With {@code --watch} it polls until the run's phase is {@code done}, with a progress bar on
 * stderr, then prints the summary; exit code {@value PeerSubcommand#EXIT_OK} when every file is
 * done, {@value PeerSubcommand#EXIT_FAILED} when some are waiting, in conflict or failed.
 *
 * <p>When no recovery has ever run on the peer (404) the peer's reason is printed on stdout and the
 * exit code is {@value #EXIT_NO_RUN}: that is a state, not a failure, but it must not read as "all
 * restored" to a script that waits with {@code --watch}.
 */
@Command(
    name = "status",
    description = {
      "Show how the peer's current (or last) recovery run is doing: files and bytes done, the"
          + " rate, the time left, and the files that are waiting, in conflict or failed."
    })
class RecoveryStatusCommand extends PeerSubcommand {
  /** No recovery has ever run on the peer. */
  static final int EXIT_NO_RUN = 6;

  @Option(
      names = "--watch",
      description =
          "Follow the run until it is done, with a progress bar; exit 0 only when every file was"
              + " restored. A run with files waiting for peers is not done until they are back.")
  boolean watch;

  @Option(
      names = "--interval",
      paramLabel = "SECONDS",
      defaultValue = "1",
      description = "How often --watch asks the peer (default: ${DEFAULT-VALUE} s).")
  double interval;

  @Override
  Map<String, String> exitCodes() {
    Map<String, String> codes = super.exitCodes();
    codes.put(Integer.toString(EXIT_NO_RUN), "No recovery has run on the peer.");
    return codes;
  }

  @Override
  int run(PeerClient peer) throws InterruptedException {
    RecoverCommand.checkInterval(interval);
    RecoveryStatus status;
    try {
      status =
          watch
              ? RecoveryStatus.watch(peer, new ProgressBar(err(), stderrIsTerminal()), interval, -1)
              : RecoveryStatus.fetch(peer);
    } catch (PeerException e) {
      if (e.kind() == PeerException.Kind.REFUSED && e.status() == 404) {
        out().println(e.getMessage());
        out().flush();
        return EXIT_NO_RUN;
      }
      throw e;
    }
    if (!watch) {
      status.print(out(), ZoneId.systemDefault());
      return EXIT_OK;
    }
    status.print(out(), ZoneId.systemDefault());
    return status.allDone() ? EXIT_OK : EXIT_FAILED;
  }
}
