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
 * {@code magnus ls}: {@code GET /api/files?path=}, as a table with the columns PATH, VERSION, SIZE,
 * STORED (local time, to the minute) and HEALTH (see {@link #health}).
 */
@Command(
    name = "ls",
    description = {
      "List the latest version of every backed-up file under PATH (all files without it), with"
          + " its health: how many of its n fragments sit on live peers; with --snapshot, or for a"
          + " path only snapshots hold, what a snapshot holds there.",
      "A path ending in '/' lists what is inside that directory; without it, every path that"
          + " starts with PATH is listed."
    })
class ListCommand extends PeerSubcommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", description = "A path prefix.")
  String path;

  @picocli.CommandLine.Option(
      names = "--snapshot",
      paramLabel = "ID",
      description =
          "List what this snapshot holds at PATH (default /): a directory's entries, or one file"
              + " or link ('latest': the newest snapshot that holds PATH).")
  String snapshot;

  @Override
  int run(PeerClient peer) throws InterruptedException {
    if (snapshot != null) {
      return listSnapshot(peer);
    }
    String prefix = path == null ? null : LocalPaths.prefix(path);
    List<FileVersion> files =
        PeerJson.list(
            peer.get("/api/files", prefix == null ? Map.of() : Map.of("path", prefix)),
            FileVersion.class,
            "the peer's list of files");
    if (files.isEmpty()
        && path != null
        && RestoreCommand.inASnapshot(peer, LocalPaths.absolute(path))) {
      // Backed up as a snapshot, not file by file: the newest snapshot that holds it.
      snapshot = "latest";
      return listSnapshot(peer);
    }
    if (files.isEmpty()) {
      out().println(prefix == null ? "no files backed up" : "no files backed up under " + prefix);
      out().flush();
      return EXIT_OK;
    }
    Table table = new Table("PATH", ">VERSION", ">SIZE", "STORED", "HEALTH");
    long bytes = 0;
    boolean atRisk = false;
    boolean unavailable = false;
    for (FileVersion f : files) {
      long k = f.k();
      long live = f.fragmentsLive();
      atRisk |= live == k;
      unavailable |= live < k;
      bytes += f.size();
      table.row(
          f.path(),
          Long.toString(f.version()),
          Units.bytes(f.size()),
          Units.minute(f.storedAt(), ZoneId.systemDefault()),
          health(k, f.n(), live));
    }
    table.print(out());
    out().println(files.size() + (files.size() == 1 ? " file, " : " files, ") + Units.bytes(bytes));
    if (atRisk) {
      out()
          .println(AT_RISK + ": exactly k fragments live; one more loss and it cannot be restored");
    }
    if (unavailable) {
      out()
          .println(
              UNAVAILABLE
                  + ": fewer than k fragments live; it cannot be restored until their peers are"
                  + " back");
    }
    out().flush();
    return EXIT_OK;
  }

  /**
   * {@code ls --snapshot ID [PATH]}: {@code GET /api/snapshots/tree}, as TYPE MODE SIZE MTIME PATH.
   */
  private int listSnapshot(PeerClient peer) throws InterruptedException {
    String at = path == null ? "/" : LocalPaths.absolute(path);
    Map<String, String> query = new java.util.LinkedHashMap<>();
    query.put("path", at);
    if (!"latest".equals(snapshot)) {
      query.put("snapshot", snapshot);
    }
    List<magnus.cli.entity.Answers.TreeEntry> entries =
        PeerJson.list(
            peer.get("/api/snapshots/tree", query),
            magnus.cli.entity.Answers.TreeEntry.class,
            "the peer's list of a snapshot's entries");
    Table table = new Table("TYPE", "MODE", ">SIZE", "MODIFIED", "PATH");
    long files = 0;
    long bytes = 0;
    for (magnus.cli.entity.Answers.TreeEntry e : entries) {
      boolean file = "file".equals(e.type());
      if (file) {
        files++;
        bytes += e.size();
      }
      table.row(
          e.type(),
          String.format("%04o", e.mode()),
          file ? Units.bytes(e.size()) : "",
          Units.minute(java.time.Instant.parse(e.mtime()), ZoneId.systemDefault()),
          e.target().map(t -> e.path() + " -> " + t).orElse(e.path()));
    }
    table.print(out());
    out()
        .println(
            entries.size()
                + (entries.size() == 1 ? " entry, " : " entries, ")
                + files
                + (files == 1 ? " file of " : " files of ")
                + Units.bytes(bytes));
    out().flush();
    return EXIT_OK;
  }

  static final String AT_RISK = "AT RISK";
  static final String UNAVAILABLE = "UNAVAILABLE";

  /**
   * A file's health as {@code live/n}, followed by {@code degraded} when fragments are missing but
   * more than k are live, {@value #AT_RISK} when exactly k are live, {@value #UNAVAILABLE} when
   * fewer than k are (the file cannot be restored now; fragments on peers that are down may come
   * back).
   */
  static String health(long k, long n, long live) {
    String fraction = live + "/" + n;
    if (live >= n) {
      return fraction;
    }
    if (live > k) {
      return fraction + " degraded";
    }
    return fraction + " " + (live == k ? AT_RISK : UNAVAILABLE);
  }
}
