package magnus.cli.boundary;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import magnus.cli.control.LocalPaths;
import magnus.cli.control.PeerJson;
import magnus.cli.control.Table;
import magnus.cli.entity.Answers;
import magnus.units.Units;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code magnus snapshots}: {@code GET /api/snapshots}, newest first, as a table with the columns
 * ID, TIME, NEW, CHANGED, UNCHANGED, ADDED and PATHS.
 */
@Command(
    name = "snapshots",
    description = "List the snapshots, newest first; with PATH, those that hold it.")
class SnapshotsCommand extends PeerSubcommand {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PATH",
      description = "Only snapshots that hold this path.")
  String path;

  @Override
  int run(PeerClient peer) throws InterruptedException {
    Map<String, String> query = new HashMap<>();
    if (path != null) {
      query.put("path", LocalPaths.absolute(path));
    }
    List<Answers.Snapshot> all =
        PeerJson.list(
            peer.get("/api/snapshots", query), Answers.Snapshot.class, "the peer's snapshots");
    if (all.isEmpty()) {
      out().println(path == null ? "no snapshots" : "no snapshots hold " + query.get("path"));
      out().flush();
      return EXIT_OK;
    }
    Table table = new Table("ID", "TIME", ">NEW", ">CHANGED", ">UNCHANGED", ">ADDED", "PATHS");
    for (Answers.Snapshot s : all) {
      table.row(
          s.id(),
          Units.minute(s.time(), ZoneId.systemDefault()),
          Long.toString(s.filesNew()),
          Long.toString(s.filesChanged()),
          Long.toString(s.filesUnchanged()),
          Units.bytes(s.bytesAdded()),
          String.join(" ", s.paths()));
    }
    table.print(out());
    return EXIT_OK;
  }
}
