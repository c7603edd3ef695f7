package magnus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import magnus.cli.boundary.Magnus;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * Every command and subcommand answers {@code --help} and {@code help CMD} with its usage and exit
 * code 0, even one with required parameters and no arguments given. The commands are read from
 * picocli's command tree, so that a new command is covered without a word here.
 */
class HelpTest {
  record Run(int exit, String out, String err) {}

  private static Run magnus(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Magnus.newCommandLine(Map.<String, String>of()::get);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  /**
   * A command of the tree: the names that lead to it from {@code magnus}, and its picocli model.
   */
  record Node(List<String> path, CommandLine command) {
    String name() {
      return String.join(" ", path);
    }
  }

  private static List<Node> tree() {
    List<Node> nodes = new ArrayList<>();
    collect(List.of(), Magnus.newCommandLine(Map.<String, String>of()::get), nodes);
    return nodes;
  }

  private static void collect(List<String> path, CommandLine command, List<Node> nodes) {
    nodes.add(new Node(path, command));
    command
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              List<String> subPath = new ArrayList<>(path);
              subPath.add(name);
              collect(subPath, sub, nodes);
            });
  }

  private static void assertUsage(Run run, Node node, String how) {
    String qualified = node.command().getCommandSpec().qualifiedName();
    assertThat(run.exit()).as(how + ": exit code; stderr: " + run.err()).isZero();
    assertThat(run.err()).as(how + ": stderr").isEmpty();
    // picocli's help command puts its description above its usage; every other command starts
    // with it.
    assertThat(run.out())
        .as(how + ": stdout")
        .containsPattern("(?m)^Usage: " + Pattern.quote(qualified) + "( |$)");
  }

  @Test
  void theTreeHasTheCommandsOfTheReadme() {
    // Guards the dynamic tests below against a tree that would be read wrongly as empty.
    List<String> names = tree().stream().map(Node::name).toList();
    assertThat(names)
        .contains(
            "backup",
            "backup-files",
            "forget",
            "prune",
            "restore",
            "delete",
            "ls",
            "versions",
            "peers",
            "recover",
            "recovery status",
            "codec encode",
            "codec decode",
            "codec bench");
  }

  @TestFactory
  Stream<DynamicTest> everyCommandAnswersHelpOption() {
    return tree().stream()
        .flatMap(
            node ->
                Stream.of("--help", "-h")
                    .map(
                        option ->
                            DynamicTest.dynamicTest(
                                "magnus " + node.name() + " " + option,
                                () -> {
                                  List<String> args = new ArrayList<>(node.path());
                                  args.add(option);
                                  assertUsage(magnus(args), node, String.join(" ", args));
                                })));
  }

  @TestFactory
  Stream<DynamicTest> everyCommandIsExplainedByItsGroupsHelpCommand() {
    return tree().stream()
        .filter(node -> !node.path().isEmpty())
        .filter(node -> !node.path().get(node.path().size() - 1).equals("help"))
        .map(
            node ->
                DynamicTest.dynamicTest(
                    "magnus " + node.name() + " via help",
                    () -> {
                      List<String> args = new ArrayList<>(node.path());
                      args.add(args.size() - 1, "help");
                      assertUsage(magnus(args), node, String.join(" ", args));
                    }));
  }

  @Test
  void everyPeerCommandTakesThePeerOptionAndNoCodecCommandDoes() {
    for (Node node : tree()) {
      boolean codec = !node.path().isEmpty() && node.path().get(0).equals("codec");
      boolean help =
          !node.path().isEmpty() && node.path().get(node.path().size() - 1).equals("help");
      if (help) {
        continue; // picocli's own help command
      }
      assertThat(node.command().getCommandSpec().findOption("--peer"))
          .as("--peer of 'magnus " + node.name() + "'")
          .matches(option -> codec ? option == null : option != null);
    }
    Run run =
        magnus(List.of("codec", "bench", "--k", "2", "--n", "3", "--peer", "http://127.0.0.1:1"));
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip())
        .isEqualTo(
            "magnus codec bench: Unknown options: '--peer', 'http://127.0.0.1:1' (see 'magnus"
                + " codec bench --help')");
  }

  @Test
  void everyCommandThatDoesWorkListsItsExitCodes() {
    for (Node node : tree()) {
      if (!node.command().getSubcommands().isEmpty() || node.name().endsWith("help")) {
        continue; // groups, and picocli's help command, do no work of their own
      }
      List<String> args = new ArrayList<>(node.path());
      args.add("--help");
      String out = magnus(args).out();
      boolean codec = node.path().get(0).equals("codec");
      assertThat(out)
          .as("help of 'magnus " + node.name() + "'")
          .contains("Exit codes:", "  0   Done.", "  2   Bad input")
          .contains(codec ? "  1   Reading or writing a file failed." : "  5   The peer's answer");
      assertThat(out.contains("  6   No recovery has run on the peer."))
          .as("exit code 6 in the help of 'magnus " + node.name() + "'")
          .isEqualTo(node.name().equals("recovery status"));
    }
  }

  @Test
  void aGroupWithoutSubcommandStillSaysWhatIsMissing() {
    // --help is an answer, but a group alone is still a mistake with its one-line reason.
    Run run = magnus(List.of("recovery"));
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().strip())
        .isEqualTo("magnus recovery: Missing subcommand: status (see 'magnus recovery --help')");
  }
}
