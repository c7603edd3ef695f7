package magnus.cli.boundary;

import java.util.List;
import java.util.Map;
import magnus.cli.control.PeerJson;
import magnus.cli.control.Table;
import magnus.cli.entity.Answers;
import magnus.units.Units;
import picocli.CommandLine.Command;

/**
 * {@code magnus peers}: {@code GET /api/peers}, as a table with the columns ID (the first {@value
 * #SHORT_ID} hex digits), URL, DOMAIN, FREE, CAPACITY and STATE ({@code live} or {@code stale},
 * followed by {@code (this peer)} on the peer that answered).
 */
@Command(name = "peers", description = "List the peers that this peer knows, live ones first.")
class PeersCommand extends PeerSubcommand {
  static final int SHORT_ID = 8;

  @Override
  int run(PeerClient peer) throws InterruptedException {
    List<Answers.Peer> peers =
        PeerJson.list(peer.get("/api/peers", Map.of()), Answers.Peer.class, "the peer list");
    Table table = new Table("ID", "URL", "DOMAIN", ">FREE", ">CAPACITY", "STATE");
    long live = 0;
    for (Answers.Peer p : peers) {
      boolean isLive = p.live();
      live += isLive ? 1 : 0;
      table.row(
          shortId(p.id()),
          p.url(),
          p.failureDomain(),
          Units.bytes(p.freeBytes()),
          Units.bytes(p.capacityBytes()),
          (isLive ? "live" : "stale") + (p.self() ? " (this peer)" : ""));
    }
    table.print(out());
    out().println(peers.size() + (peers.size() == 1 ? " peer, " : " peers, ") + live + " live");
    out().flush();
    return EXIT_OK;
  }

  /** The first {@value #SHORT_ID} characters of a peer id: enough to tell peers apart. */
  static String shortId(String id) {
    return id.length() > SHORT_ID ? id.substring(0, SHORT_ID) : id;
  }
}
