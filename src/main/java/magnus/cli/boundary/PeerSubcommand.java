package magnus.cli.boundary;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import magnus.cli.control.PeerClient;
import magnus.cli.control.PeerException;
import magnus.cli.control.Progress;
import magnus.cli.control.UserException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * A command that talks to a peer's client API. Failures end as one line on stderr, prefixed with
 * the command's name, and an exit code that tells scripts what kind of failure it was:
 *
 * <ul>
 *   <li>{@value #EXIT_OK}: everything asked for was done;
 *   <li>{@value #EXIT_FAILED}: the peer did the work but some of it failed (a file not backed up, a
 *       restore that failed);
 *   <li>{@value #EXIT_BAD_INPUT}: bad command-line input, found before anything was sent (the same
 *       code picocli uses for bad arguments);
 *   <li>{@value #EXIT_UNREACHABLE}: the peer could not be reached, or the connection was lost;
 *   <li>{@value #EXIT_REFUSED}: the peer refused the request (HTTP 4xx/5xx; its problem detail is
 *       printed);
 *   <li>{@value #EXIT_MALFORMED}: the peer's answer does not follow the client API.
 * </ul>
 */
abstract class PeerSubcommand implements Callable<Integer> {
  static final int EXIT_OK = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_BAD_INPUT = 2;
  static final int EXIT_UNREACHABLE = 3;
  static final int EXIT_REFUSED = 4;
  static final int EXIT_MALFORMED = 5;
  static final int EXIT_INTERRUPTED = 130;

  @CommandLine.Spec CommandSpec spec;

  @CommandLine.Mixin HelpOption help;

  // Also accepted after the subcommand name, where people tend to put it.
  @Option(
      names = "--peer",
      paramLabel = "URL",
      description = "The peer to talk to (as 'magnus --peer URL').")
  String peer;

  @Override
  public final Integer call() {
    try {
      return run(new PeerClient(magnus().peerUrl(peerOption())));
    } catch (UserException e) {
      return fail(e.getMessage(), EXIT_BAD_INPUT);
    } catch (PeerException e) {
      return fail(
          e.getMessage(),
          switch (e.kind()) {
            case UNREACHABLE -> EXIT_UNREACHABLE;
            case REFUSED -> EXIT_REFUSED;
            case MALFORMED -> EXIT_MALFORMED;
          });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted", EXIT_INTERRUPTED);
    }
  }

  /** The {@code magnus} command this one runs under, directly or inside a group. */
  Magnus magnus() {
    return (Magnus) spec.root().userObject();
  }

  /** {@code --peer} after this command's name, else after its group's ({@code recovery}). */
  private String peerOption() {
    if (peer == null
        && spec.parent() != null
        && spec.parent().userObject() instanceof RecoveryCommand group) {
      return group.peer;
    }
    return peer;
  }

  /** Does the work and returns the exit code. */
  abstract int run(PeerClient peer) throws InterruptedException;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  boolean stderrIsTerminal() {
    return "1".equals(magnus().env(Progress.TTY_VARIABLE));
  }

  /** Prints {@code message} as the command's one-line reason on stderr and returns {@code code}. */
  int fail(String message, int code) {
    out().flush();
    err().println(spec.qualifiedName() + ": " + Magnus.oneLine(message));
    err().flush();
    return code;
  }
}
