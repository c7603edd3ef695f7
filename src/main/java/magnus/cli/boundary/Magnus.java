package magnus.cli.boundary;

import java.util.Map;
import java.util.function.Function;
import magnus.cli.control.OneLine;
import magnus.cli.control.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/** The {@code magnus} command: the operators' client. */
@Command(
    name = "magnus",
    mixinStandardHelpOptions = true,
    version = "magnus 0.1.0",
    description = "Magnus: peer-to-peer erasure-coded backup. Operator's command-line client.",
    subcommands = {
      SnapshotCommand.class,
      BackupCommand.class,
      SnapshotsCommand.class,
      ForgetCommand.class,
      PruneCommand.class,
      RestoreCommand.class,
      DeleteCommand.class,
      ListCommand.class,
      VersionsCommand.class,
      PeersCommand.class,
      RecoverCommand.class,
      RecoveryCommand.class,
      CodecCommand.class,
      CommandLine.HelpCommand.class
    })
public class Magnus implements Runnable {
  /** The environment variable that names the peer when {@code --peer} is not given. */
  public static final String PEER_VARIABLE = "MAGNUS_PEER";

  /** Exit code of a bug in the client: an unexpected exception, reported without its trace. */
  static final int EXIT_INTERNAL = 70;

  @CommandLine.Spec CommandSpec spec;

  // Inherited: accepted after any command's name too, where people tend to put it, and after a
  // group's ('recovery --peer URL status'). The codec's commands do without it (newCommandLine).
  @Option(
      names = "--peer",
      paramLabel = "URL",
      scope = CommandLine.ScopeType.INHERIT,
      description =
          "The peer to talk to (default: $"
              + PEER_VARIABLE
              + ", else "
              + PeerClient.DEFAULT_URL
              + ").")
  String peer;

  private final Function<String, String> environment;

  Magnus(Function<String, String> environment) {
    this.environment = environment;
  }

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /**
   * The command line as {@code main} runs it: bad arguments are reported on one line (the problem
   * and where to look), without the usage text, and so are unexpected failures, without a stack
   * trace.
   */
  public static CommandLine newCommandLine() {
    return newCommandLine(System::getenv);
  }

  /** The command line, reading environment variables through {@code environment}. */
  public static CommandLine newCommandLine(Function<String, String> environment) {
    CommandLine cl = new CommandLine(new Magnus(environment));
    withoutPeerOption(cl.getSubcommands().get("codec"));
    withExitCodes(cl);
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine sub = ex.getCommandLine();
          String name = sub.getCommandSpec().qualifiedName();
          sub.getErr()
              .println(name + ": " + OneLine.of(ex.getMessage()) + " (see '" + name + " --help')");
          sub.getErr().flush();
          return sub.getCommandSpec().exitCodeOnInvalidInput();
        });
    cl.setExecutionExceptionHandler(
        (ex, sub, parseResult) -> {
          sub.getOut().flush();
          String message = ex.getMessage() == null ? "no details" : OneLine.of(ex.getMessage());
          sub.getErr()
              .println(
                  sub.getCommandSpec().qualifiedName()
                      + ": internal error ("
                      + message
                      + "); this is a bug in the client, please report it");
          sub.getErr().flush();
          return EXIT_INTERNAL;
        });
    return cl;
  }

  /** Adds the table of exit codes to the help of every command that has its own. */
  private static void withExitCodes(CommandLine command) {
    Object userObject = command.getCommandSpec().userObject();
    Map<String, String> codes = null;
    if (userObject instanceof PeerSubcommand c) {
      codes = c.exitCodes();
    } else if (userObject instanceof CodecSubcommand) {
      codes = CodecSubcommand.exitCodes();
    }
    if (codes != null) {
      command
          .getCommandSpec()
          .usageMessage()
          .exitCodeListHeading("%nExit codes:%n")
          .exitCodeList(codes);
    }
    command.getSubcommands().values().forEach(Magnus::withExitCodes);
  }

  /**
   * Removes the inherited {@code --peer} from {@code command} and its subcommands: they are local.
   */
  private static void withoutPeerOption(CommandLine command) {
    CommandSpec spec = command.getCommandSpec();
    OptionSpec peer = spec.findOption("--peer");
    if (peer != null) {
      spec.remove(peer);
    }
    command.getSubcommands().values().forEach(Magnus::withoutPeerOption);
  }

  /** An environment variable, or null. */
  String env(String name) {
    return environment.apply(name);
  }

  /** Whether {@code bin/magnus} said that stderr is a terminal ({@link ProgressBar}). */
  boolean stderrIsTerminal() {
    return "1".equals(env(ProgressBar.TTY_VARIABLE));
  }

  /**
   * The peer's URL: {@code --peer} (the last one given, before or after the command's name), else
   * {@value #PEER_VARIABLE}, else {@link PeerClient#DEFAULT_URL}.
   */
  String peerUrl() {
    if (peer != null) {
      return peer;
    }
    String fromEnvironment = env(PEER_VARIABLE);
    return fromEnvironment == null || fromEnvironment.isBlank()
        ? PeerClient.DEFAULT_URL
        : fromEnvironment;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
  }
}
