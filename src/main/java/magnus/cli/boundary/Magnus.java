package magnus.cli.boundary;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** The {@code magnus} command: the operators' client. */
@Command(
    name = "magnus",
    mixinStandardHelpOptions = true,
    version = "magnus 0.1.0",
    description = "Magnus: peer-to-peer erasure-coded backup. Operator's command-line client.",
    subcommands = {CodecCommand.class})
public class Magnus implements Runnable {
  @CommandLine.Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /**
   * The command line as {@code main} runs it: bad arguments are reported on one line (the problem
   * and where to look), without the usage text.
   */
  public static CommandLine newCommandLine() {
    CommandLine cl = new CommandLine(new Magnus());
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine sub = ex.getCommandLine();
          String name = sub.getCommandSpec().qualifiedName();
          sub.getErr()
              .println(name + ": " + oneLine(ex.getMessage()) + " (see '" + name + " --help')");
          sub.getErr().flush();
          return sub.getCommandSpec().exitCodeOnInvalidInput();
        });
    return cl;
  }

  static String oneLine(String message) {
    return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
  }
}
