package magnus.peers.control;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Instant;
import magnus.host.control.CachedJson;
import magnus.peers.entity.PeerDescriptor;

/**
 * A descriptor as the JSON text that travels in the Data Grid. Plain strings keep the grid free of
 * Java serialization of application classes, which the members' different class loaders (and
 * different versions of Magnus during an upgrade) would not agree on.
 */
final class PeerJson {

  private PeerJson() {}

  /** The JSON object of a descriptor, with the grid member that published it. */
  static String write(PeerDescriptor peer, String member) {
    JsonObjectBuilder json = object(peer);
    if (member != null) {
      json.add("member", member);
    }
    return json.build().toString();
  }

  static JsonObjectBuilder object(PeerDescriptor peer) {
    JsonObjectBuilder json =
        CachedJson.createObjectBuilder()
            .add("id", peer.id())
            .add("url", peer.url())
            .add("failureDomain", peer.failureDomain())
            .add("capacityBytes", peer.capacityBytes())
            .add("freeBytes", peer.freeBytes());
    if (peer.seenAt() != null) {
      json.add("seenAt", peer.seenAt().toString());
    }
    return json;
  }

  /** A published entry: the descriptor and the grid member that published it (or null). */
  record Entry(PeerDescriptor peer, String member) {}

  static Entry read(String text) {
    try (JsonReader reader = CachedJson.createReader(new StringReader(text))) {
      JsonObject json = reader.readObject();
      PeerDescriptor peer =
          new PeerDescriptor(
              json.getString("id"),
              json.getString("url"),
              json.getString("failureDomain"),
              json.getJsonNumber("capacityBytes").longValueExact(),
              json.getJsonNumber("freeBytes").longValueExact(),
              json.containsKey("seenAt") ? Instant.parse(json.getString("seenAt")) : null);
      return new Entry(peer, json.getString("member", null));
    }
  }
}
