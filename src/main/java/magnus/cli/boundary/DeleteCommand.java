package magnus.cli.boundary;

import java.util.Map;
import magnus.cli.control.LocalPaths;
import magnus.cli.control.PeerJson;
import magnus.cli.entity.Answers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code magnus delete}: {@code DELETE /api/files?path=}.
 *
 * <p>stdout gets {@code deleted PATH: V versions, F fragments} and, when holders are offline,
 * {@code P fragment removals pending: ...}.
 */
@Command(
    name = "delete",
    description = {
      "Delete every version of a backed-up file from the network.",
      "Holders that are offline are told when they are back."
    })
class DeleteCommand extends PeerSubcommand {
  @Parameters(index = "0", paramLabel = "PATH", description = "The path as it was backed up.")
  String path;

  @Override
  int run(PeerClient peer) throws InterruptedException {
    String absolute = LocalPaths.absolute(path);
    Answers.Deletion answer =
        PeerJson.read(
            peer.delete("/api/files", Map.of("path", absolute)),
            Answers.Deletion.class,
            "the peer's answer to delete");
    long versions = answer.versions();
    long fragments = answer.fragments();
    long pending = answer.pendingRemovals();
    out()
        .println(
            "deleted "
                + answer.path()
                + ": "
                + versions
                + (versions == 1 ? " version, " : " versions, ")
                + fragments
                + (fragments == 1 ? " fragment" : " fragments"));
    printPendingRemovals(pending);
    out().flush();
    return EXIT_OK;
  }
}
