package magnus.cli.boundary;

import java.util.List;
import java.util.Map;
import magnus.cli.control.PeerJson;
import magnus.cli.entity.Answers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code magnus forget}: {@code DELETE /api/snapshots/{id}} for each id given.
 *
 * <p>stdout gets {@code forgot snapshot ID of PATHS} per snapshot; a refusal (an unknown id, a
 * prune running) stops at that id, and the ones before it stay forgotten.
 */
@Command(
    name = "forget",
    description = {
      "Forget snapshots: they are no longer listed nor restorable.",
      "The chunks only they referenced stay stored until 'magnus prune' removes them."
    })
class ForgetCommand extends PeerSubcommand {
  @Parameters(
      arity = "1..*",
      paramLabel = "ID",
      description = "Snapshot ids, or prefixes of them, as 'magnus snapshots' lists them.")
  List<String> ids;

  @Override
  int run(PeerClient peer) throws InterruptedException {
    for (String id : ids) {
      if (!id.matches("[0-9a-f]{1,32}")) {
        return fail(
            id + " is not a snapshot id; give hex digits, as 'magnus snapshots' lists them",
            EXIT_BAD_INPUT);
      }
    }
    long pending = 0;
    for (String id : ids) {
      Answers.SnapshotForgotten answer =
          PeerJson.read(
              peer.delete("/api/snapshots/" + id, Map.of()),
              Answers.SnapshotForgotten.class,
              "the peer's answer to forget");
      out()
          .println(
              "forgot snapshot " + answer.snapshot() + " of " + String.join(" ", answer.paths()));
      out().flush();
      pending = answer.removalsPending();
    }
    out().println("run 'magnus prune' to remove what only the forgotten snapshots referenced");
    printPendingRemovals(pending);
    out().flush();
    return EXIT_OK;
  }
}
