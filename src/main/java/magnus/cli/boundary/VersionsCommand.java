package magnus.cli.boundary;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import magnus.cli.control.LocalPaths;
import magnus.cli.control.PeerJson;
import magnus.cli.control.Table;
import magnus.cli.entity.Answers.FileVersion;
import magnus.units.Units;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code magnus versions}: {@code GET /api/files/versions?path=}, oldest first, as a table with the
 * columns VERSION, SIZE, STORED, SHA256 (the first {@value #SHA_PREFIX} hex digits) and HEALTH.
 */
@Command(name = "versions", description = "List every backed-up version of one file, oldest first.")
class VersionsCommand extends PeerSubcommand {
  static final int SHA_PREFIX = 12;

  @Parameters(index = "0", paramLabel = "PATH", description = "The path as it was backed up.")
  String path;

  @Override
  int run(PeerClient peer) throws InterruptedException {
    String absolute = LocalPaths.absolute(path);
    List<FileVersion> versions =
        PeerJson.list(
            peer.get("/api/files/versions", Map.of("path", absolute)),
            FileVersion.class,
            "the peer's list of versions");
    if (versions.isEmpty()) {
      out().println("no versions of " + absolute);
      out().flush();
      return EXIT_OK;
    }
    Table table = new Table(">VERSION", ">SIZE", "STORED", "SHA256", "HEALTH");
    for (FileVersion v : versions) {
      String sha = v.sha256();
      table.row(
          Long.toString(v.version()),
          Units.bytes(v.size()),
          Units.minute(v.storedAt(), ZoneId.systemDefault()),
          sha.length() > SHA_PREFIX ? sha.substring(0, SHA_PREFIX) : sha,
          ListCommand.health(v.k(), v.n(), v.fragmentsLive()));
    }
    out().println(absolute);
    table.print(out());
    return EXIT_OK;
  }
}
