package magnus.peers.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import magnus.peers.control.KnownPeers;
import magnus.peers.control.PeerDirectory;
import magnus.peers.entity.KnownPeer;
import magnus.peers.entity.PeerDescriptor;

/** {@code GET /api/peers}: the peers this one knows, live ones first (docs/api.md). */
@Path("peers")
@RequestScoped
public class PeersResource {

  @Inject PeerDirectory directory;

  @Inject KnownPeers knownPeers;

  /** One row per peer: as published in the grid when live, otherwise as last recorded. */
  record Row(PeerDescriptor peer, boolean live, boolean self) {}

  /**
   * One peer in the answer.
   *
   * @param freeBytes what the peer can still take, as it last reported it
   * @param seenAt when it was last seen live, ISO-8601 UTC
   */
  public record Peer(
      String id,
      String url,
      String failureDomain,
      long capacityBytes,
      long freeBytes,
      boolean live,
      boolean self,
      String seenAt) {}

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public List<Peer> peers() {
    String selfId = directory.self().id();
    Map<String, Row> rows = new LinkedHashMap<>();
    for (KnownPeer known : knownPeers.all()) {
      rows.put(known.id(), new Row(known.descriptor(), false, known.id().equals(selfId)));
    }
    for (PeerDescriptor live : directory.live()) {
      rows.put(live.id(), new Row(live, true, live.id().equals(selfId)));
    }
    List<Row> sorted = new ArrayList<>(rows.values());
    sorted.sort(
        Comparator.comparing((Row r) -> !r.live())
            .thenComparing(r -> !r.self())
            .thenComparing(r -> r.peer().url()));
    List<Peer> answer = new ArrayList<>(sorted.size());
    for (Row row : sorted) {
      PeerDescriptor p = row.peer();
      answer.add(
          new Peer(
              p.id(),
              p.url(),
              p.failureDomain(),
              p.capacityBytes(),
              p.freeBytes(),
              row.live(),
              row.self(),
              String.valueOf(p.seenAt())));
    }
    return answer;
  }
}
