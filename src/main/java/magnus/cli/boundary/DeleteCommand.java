package magnus.cli.boundary;

import java.util.Map;
import java.util.Optional;
import magnus.cli.control.LocalPaths;
import magnus.cli.control.PeerException;
import magnus.cli.control.PeerJson;
import magnus.cli.entity.Answers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code magnus delete}: {@code DELETE /api/snapshots?path=}, then {@code DELETE /api/files?path=}.
 *
 * <p>stdout gets, for the snapshots, {@code deleted PATH from N snapshots} and a line per snapshot
 * ({@code snapshot OLD is now NEW, holding PATHS} or {@code snapshot ID forgotten: it held only
 * PATHS}); for file-by-file backups, {@code deleted PATH: V versions, F fragments}; and, when
 * holders are offline, {@code P fragment removals pending: ...}. A peer that holds the path in
 * neither way answers 404 to both, and the command fails with exit code 4.
 */
@Command(
    name = "delete",
    description = {
      "Delete a path (a file or a whole directory) from every snapshot, and every version",
      "of a file backed up file by file. Each snapshot that held it is recorded again without",
      "it, under a new id; one that held nothing else is forgotten. 'magnus prune' then frees",
      "the space only it used. Holders that are offline are told when they are back."
    })
class DeleteCommand extends PeerSubcommand {
  @Parameters(index = "0", paramLabel = "PATH", description = "The path as it was backed up.")
  String path;

  @Override
  int run(PeerClient peer) throws InterruptedException {
    String absolute = LocalPaths.absolute(path);
    long pending = 0;
    Optional<Answers.PathDeleted> snapshots =
        deleteOrNone(peer, "/api/snapshots", absolute, Answers.PathDeleted.class);
    if (snapshots.isPresent()) {
      print(snapshots.get());
      pending = snapshots.get().removalsPending();
    }
    Optional<Answers.Deletion> files =
        deleteOrNone(peer, "/api/files", absolute, Answers.Deletion.class);
    if (files.isPresent()) {
      long versions = files.get().versions();
      long fragments = files.get().fragments();
      out()
          .println(
              "deleted "
                  + files.get().path()
                  + ": "
                  + versions
                  + (versions == 1 ? " version, " : " versions, ")
                  + fragments
                  + (fragments == 1 ? " fragment" : " fragments"));
      pending = files.get().pendingRemovals();
    } else if (snapshots.isEmpty()) {
      return fail(
          "no backup of "
              + absolute
              + ": no snapshot holds it and it was not backed up file by file;"
              + " 'magnus snapshots' and 'magnus ls' list what is backed up",
          EXIT_REFUSED);
    }
    printPendingRemovals(pending);
    out().flush();
    return EXIT_OK;
  }

  /** The answer to a DELETE of {@code path} on {@code resource}; empty when it answers 404. */
  private static <T extends Record> Optional<T> deleteOrNone(
      PeerClient peer, String resource, String path, Class<T> type) throws InterruptedException {
    try {
      return Optional.of(
          PeerJson.read(
              peer.delete(resource, Map.of("path", path)), type, "the peer's answer to delete"));
    } catch (PeerException e) {
      if (e.status() != 404) {
        throw e;
      }
      return Optional.empty();
    }
  }

  private void print(Answers.PathDeleted snapshots) {
    int count = snapshots.replaced().size() + snapshots.forgotten().size();
    out()
        .println(
            "deleted "
                + snapshots.path()
                + " from "
                + count
                + (count == 1 ? " snapshot" : " snapshots"));
    for (Answers.Replaced r : snapshots.replaced()) {
      out()
          .println(
              "  snapshot "
                  + r.snapshot()
                  + " is now "
                  + r.by()
                  + ", holding "
                  + String.join(" ", r.paths()));
    }
    for (Answers.Forgotten f : snapshots.forgotten()) {
      out()
          .println(
              "  snapshot "
                  + f.snapshot()
                  + " forgotten: it held only "
                  + String.join(" ", f.paths()));
    }
    out().println("run 'magnus prune' to remove what only " + snapshots.path() + " referenced");
    out().flush();
  }
}
