package magnus.cli.boundary;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import magnus.cli.control.OneLine;
import magnus.cli.control.PeerException;
import magnus.cli.control.UserException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

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

  @Override
  public final Integer call() {
    try {
      return run(new PeerClient(magnus().peerUrl()));
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

  /** The exit codes and their meaning, for the help's table. */
  Map<String, String> exitCodes() {
    Map<String, String> codes = new LinkedHashMap<>();
    codes.put(Integer.toString(EXIT_OK), "Done.");
    codes.put(Integer.toString(EXIT_FAILED), "Some of the work failed (see the lines above it).");
    codes.put(Integer.toString(EXIT_BAD_INPUT), "Bad input; nothing was sent.");
    codes.put(
        Integer.toString(EXIT_UNREACHABLE),
        "The peer cannot be reached, or the connection was lost.");
    codes.put(
        Integer.toString(EXIT_REFUSED), "The peer refused the request (its reason is printed).");
    codes.put(
        Integer.toString(EXIT_MALFORMED), "The peer's answer does not follow the client API.");
    return codes;
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
    return magnus().stderrIsTerminal();
  }

  /** Prints {@code message} as the command's one-line reason on stderr and returns {@code code}. */
  int fail(String message, int code) {
    out().flush();
    err().println(spec.qualifiedName() + ": " + OneLine.of(message));
    err().flush();
    return code;
  }

  /** The line that says removals wait for offline holders; nothing when none waits. */
  void printPendingRemovals(long pending) {
    if (pending > 0) {
      out()
          .println(
              pending
                  + (pending == 1 ? " fragment removal" : " fragment removals")
                  + " pending: their holders are offline and are told when they are back");
    }
  }
}
