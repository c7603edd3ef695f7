package magnus.cli.boundary;

import picocli.CommandLine.Option;

/**
 * {@code -h, --help} of every subcommand. Not picocli's {@code mixinStandardHelpOptions}: picocli
 * leaves that mixin out, without a word, on a command that has an option of its own named {@code
 * --version} ({@code restore}), and {@code restore --help} then failed with "Missing required
 * parameter". {@code magnus --version} is the root command's alone.
 */
final class HelpOption {
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;
}
