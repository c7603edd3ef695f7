package magnus.cli.boundary;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import magnus.cli.control.OneLine;
import magnus.cli.control.UserException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A {@code magnus codec} subcommand: turns bad input and I/O failures into one line on stderr and a
 * non-zero exit code, without a stack trace.
 */
abstract class CodecSubcommand implements Callable<Integer> {
  /** Exit code for bad input (the same as picocli's for bad arguments). */
  static final int EXIT_BAD_INPUT = 2;

  /** Exit code for a failure while reading or writing files. */
  static final int EXIT_IO = 1;

  @CommandLine.Spec CommandSpec spec;

  @CommandLine.Mixin HelpOption help;

  @Override
  public final Integer call() {
    try {
      run();
      return 0;
    } catch (UserException e) {
      return fail(e.getMessage(), EXIT_BAD_INPUT);
    } catch (IOException e) {
      return fail(UserException.describe(e), EXIT_IO);
    } catch (UncheckedIOException e) {
      return fail(UserException.describe(e.getCause()), EXIT_IO);
    }
  }

  /** The exit codes and their meaning, for the help's table. */
  static Map<String, String> exitCodes() {
    Map<String, String> codes = new LinkedHashMap<>();
    codes.put("0", "Done.");
    codes.put(Integer.toString(EXIT_IO), "Reading or writing a file failed.");
    codes.put(Integer.toString(EXIT_BAD_INPUT), "Bad input.");
    return codes;
  }

  abstract void run() throws IOException;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  boolean stderrIsTerminal() {
    return ((Magnus) spec.root().userObject()).stderrIsTerminal();
  }

  private int fail(String message, int code) {
    out().flush();
    err().println(spec.qualifiedName() + ": " + OneLine.of(message));
    err().flush();
    return code;
  }
}
