package magnus.cli.boundary;

import java.util.Locale;
import magnus.cli.control.PeerException;
import magnus.cli.control.ProgressBar;
import magnus.cli.entity.Events;
import magnus.units.Units;
import picocli.CommandLine.Command;

/**
 * {@code magnus prune}: {@code POST /api/snapshots/prune}, with its progress.
 *
 * <p>stdout gets the closing {@code pruned: R packs removed (W rewritten into N), O left by
 * interrupted runs removed from the holders, SIZE freed in T s; K packs kept}; stderr the progress,
 * and the reason when the prune could not finish.
 */
@Command(
    name = "prune",
    description = {
      "Remove what no snapshot references any more: packs with nothing live are removed, and"
          + " packs mostly dead are rewritten with their live chunks first.",
      "Safe to stop at any moment: run it again to finish. Snapshot backups and restores wait"
          + " until it ends."
    })
class PruneCommand extends PeerSubcommand {

  private String failure;
  private Events.Pruned done;

  @Override
  int run(PeerClient peer) throws InterruptedException {
    ProgressBar progress = new ProgressBar(err(), stderrIsTerminal());
    try {
      peer.stream("/api/snapshots/prune", java.util.Map.of(), event -> on(event, progress));
    } finally {
      progress.finish();
    }
    if (failure != null) {
      return fail("the prune did not finish: " + failure, EXIT_FAILED);
    }
    if (done == null) {
      throw PeerException.unreachable(
          "the peer at "
              + peer.url()
              + " closed the event stream before the prune's end; what it did is kept: run"
              + " 'magnus prune' again to finish");
    }
    out()
        .printf(
            Locale.ROOT,
            "pruned: %d %s removed (%d rewritten into %d), %d left by interrupted runs removed"
                + " from the holders, %s freed in %.1f s; %d %s kept%n",
            done.packsRemoved(),
            done.packsRemoved() == 1 ? "pack" : "packs",
            done.packsRewritten(),
            done.packsWritten(),
            done.orphansRemoved(),
            Units.bytes(Math.max(0, done.bytesFreed())),
            done.seconds(),
            done.packsKept(),
            done.packsKept() == 1 ? "pack" : "packs");
    printPendingRemovals(done.removalsPending());
    out().flush();
    return EXIT_OK;
  }

  private void on(PeerClient.Event event, ProgressBar progress) {
    switch (event.name()) {
      case "start" -> {
        Events.PruneStart start = event.as(Events.PruneStart.class);
        progress.println(
            err(),
            "pruning "
                + start.packs()
                + (start.packs() == 1 ? " pack, " : " packs, ")
                + Units.bytes(start.packBytes())
                + ", for "
                + start.snapshots()
                + (start.snapshots() == 1 ? " snapshot" : " snapshots"));
      }
      case "progress" -> {
        Events.Progress p = event.as(Events.Progress.class);
        progress.update(p.bytes(), p.totalBytes());
      }
      case "failed" -> failure = event.as(Events.Failed.class).reason();
      case "done" -> done = event.as(Events.Pruned.class);
      default -> {
        // events of later API versions carry nothing to print
      }
    }
  }
}
