package magnus.cli.boundary;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** {@code magnus codec}: the erasure code on local files, without any peer. */
@Command(
    name = "codec",
    description =
        "Erasure-code local files: cut a file into n fragments, any k of which rebuild it.",
    subcommands = {
      EncodeCommand.class,
      DecodeCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public class CodecCommand implements Runnable {
  @CommandLine.Spec CommandSpec spec;

  @CommandLine.Mixin HelpOption help;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing subcommand: encode, decode or bench");
  }
}
