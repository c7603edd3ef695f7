package magnus.cli.boundary;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import magnus.cli.control.CodeParameters;
import magnus.cli.control.JsonObject;
import magnus.cli.control.LocalPaths;
import magnus.cli.control.PeerClient;
import magnus.cli.control.PeerException;
import magnus.cli.control.ProgressBar;
import magnus.cli.control.Units;
import magnus.cli.control.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code magnus backup}: {@code POST /api/backups}, with the peer's events shown as they come.
 *
 * <p>stdout gets one line per file, {@code stored PATH (version V, SIZE)}, {@code skipped PATH
 * (REASON)} or {@code failed PATH (REASON)}, and a closing {@code backup done: S stored, K skipped,
 * F failed, SIZE in T s}. stderr gets the progress and, when a file was not backed up, the one-line
 * reason for the exit code {@value PeerSubcommand#EXIT_FAILED}.
 */
@Command(
    name = "backup",
    description = {
      "Back up files and directory trees (recursively) to the network, through the peer.",
      "Relative paths are taken from the current directory. The peer reads the files itself, so"
          + " they must be readable by the peer's user."
    })
class BackupCommand extends PeerSubcommand {
  @Option(
      names = "--k",
      paramLabel = "K",
      description = "Fragments needed to rebuild a file (default: the peer's magnus.code.k).")
  Integer k;

  @Option(
      names = "--n",
      paramLabel = "N",
      description = "Fragments each file is cut into (default: the peer's magnus.code.n).")
  Integer n;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files and directories.")
  List<String> paths;

  private int stored;
  private int skipped;
  private int failed;
  private String wholeFailure;
  private JsonObject done;

  @Override
  int run(PeerClient peer) throws InterruptedException {
    checkCode();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("paths", paths.stream().map(LocalPaths::absolute).distinct().toList());
    if (k != null) {
      body.put("k", k);
    }
    if (n != null) {
      body.put("n", n);
    }
    ProgressBar progress = new ProgressBar(err(), stderrIsTerminal());
    try {
      peer.stream("/api/backups", body, event -> on(event, progress));
    } finally {
      progress.finish();
    }
    if (wholeFailure != null) {
      return fail("the backup failed: " + wholeFailure, EXIT_FAILED);
    }
    if (done == null) {
      throw PeerException.unreachable(
          "the peer at "
              + peer.url()
              + " closed the event stream before the backup's end; the backup may still be"
              + " running there: see 'magnus ls' later");
    }
    out()
        .printf(
            Locale.ROOT,
            "backup done: %d stored, %d skipped, %d failed, %s in %.1f s%n",
            done.integer("stored"),
            done.integer("skipped"),
            done.integer("failed"),
            Units.bytes(done.integer("bytes")),
            done.decimal("seconds"));
    out().flush();
    long notStored = done.integer("skipped") + done.integer("failed");
    if (notStored > 0) {
      return fail(
          notStored
              + (notStored == 1 ? " file was" : " files were")
              + " not backed up ("
              + done.integer("failed")
              + " failed, "
              + done.integer("skipped")
              + " skipped); see the lines above",
          EXIT_FAILED);
    }
    return EXIT_OK;
  }

  private void checkCode() {
    checkRange("--k", k);
    checkRange("--n", n);
    if (k != null && n != null && k > n) {
      throw new UserException(
          "--k "
              + k
              + " exceeds --n "
              + n
              + "; k (fragments needed) must not exceed n (fragments made): give --k <= --n");
    }
  }

  private static void checkRange(String option, Integer value) {
    if (value != null && (value < 1 || value > CodeParameters.MAX_N)) {
      throw new UserException(
          option
              + " "
              + value
              + " is out of range; give a number from 1 to "
              + CodeParameters.MAX_N);
    }
  }

  private void on(JsonObject event, ProgressBar progress) {
    if (done != null || wholeFailure != null) {
      throw PeerException.malformed("the peer sent events after the backup's last event");
    }
    switch (event.string("event")) {
      case "start" -> {
        long files = event.integer("files");
        progress.println(
            err(),
            "backing up "
                + files
                + (files == 1 ? " file, " : " files, ")
                + Units.bytes(event.integer("bytes")));
        progress.update(0, event.integer("bytes"));
      }
      case "progress" -> progress.update(event.integer("bytes"), event.integer("totalBytes"));
      case "stored" -> {
        stored++;
        progress.println(
            out(),
            "stored  "
                + event.string("path")
                + "  (version "
                + event.integer("version")
                + ", "
                + Units.bytes(event.integer("size"))
                + ")");
      }
      case "skipped" -> {
        skipped++;
        progress.println(
            out(), "skipped " + event.string("path") + "  (" + event.string("reason") + ")");
      }
      case "failed" -> {
        if (event.has("path")) {
          failed++;
          progress.println(
              out(), "failed  " + event.string("path") + "  (" + event.string("reason") + ")");
        } else {
          wholeFailure = event.string("reason");
        }
      }
      case "done" -> {
        done = event;
        // The counts are checked against what was seen, so that a lost event shows up.
        if (done.integer("stored") != stored
            || done.integer("skipped") != skipped
            || done.integer("failed") != failed) {
          progress.println(
              err(),
              "warning: the peer counts "
                  + done.integer("stored")
                  + " stored, "
                  + done.integer("skipped")
                  + " skipped, "
                  + done.integer("failed")
                  + " failed, but reported "
                  + stored
                  + ", "
                  + skipped
                  + ", "
                  + failed);
        }
      }
      default -> {
        // "file" and events of later API versions carry nothing to print.
      }
    }
  }
}
