package magnus.peers.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import magnus.host.control.CachedJson;
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

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public JsonArray peers() {
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
    JsonArrayBuilder json = CachedJson.createArrayBuilder();
    for (Row row : sorted) {
      PeerDescriptor p = row.peer();
      json.add(
          CachedJson.createObjectBuilder()
              .add("id", p.id())
              .add("url", p.url())
              .add("failureDomain", p.failureDomain())
              .add("capacityBytes", p.capacityBytes())
              .add("freeBytes", p.freeBytes())
              .add("live", row.live())
              .add("self", row.self())
              .add("seenAt", String.valueOf(p.seenAt())));
    }
    return json.build();
  }
}
