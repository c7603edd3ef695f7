package magnus.cli.boundary;

import java.util.List;
import java.util.Map;
import magnus.cli.control.JsonObject;
import magnus.cli.control.PeerClient;
import magnus.cli.control.Table;
import magnus.cli.control.Units;
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
    List<JsonObject> peers = JsonObject.list(peer.get("/api/peers", Map.of()), "the peer list");
    Table table = new Table("ID", "URL", "DOMAIN", ">FREE", ">CAPACITY", "STATE");
    long live = 0;
    for (JsonObject p : peers) {
      boolean isLive = p.bool("live");
      live += isLive ? 1 : 0;
      table.row(
          shortId(p.string("id")),
          p.string("url"),
          p.string("failureDomain"),
          Units.bytes(p.integer("freeBytes")),
          Units.bytes(p.integer("capacityBytes")),
          (isLive ? "live" : "stale") + (p.bool("self") ? " (this peer)" : ""));
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
