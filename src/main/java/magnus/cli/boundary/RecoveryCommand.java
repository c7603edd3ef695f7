package magnus.cli.boundary;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** {@code magnus recovery}: the peer's recovery runs (whole-host recoveries and drills). */
@Command(
    name = "recovery",
    description = {
      "The peer's recovery runs: the whole-host recovery that starts by itself after the loss of"
          + " the disk, and drills started with 'magnus recover --to DIR'."
    },
    subcommands = {RecoveryStatusCommand.class, CommandLine.HelpCommand.class})
public class RecoveryCommand implements Runnable {
  @CommandLine.Spec CommandSpec spec;

  @CommandLine.Mixin HelpOption help;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: status");
  }
}
