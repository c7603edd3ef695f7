package magnus.peers.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import magnus.peers.entity.PeerDescriptor;

/** The peers this one knows of. Outline: filled in with discovery over the Data Grid. */
@ApplicationScoped
public class PeerDirectory {

  /** The peers live now, this one included. */
  public List<PeerDescriptor> live() {
    throw new UnsupportedOperationException("not yet");
  }

  /** This peer's own descriptor. */
  public PeerDescriptor self() {
    throw new UnsupportedOperationException("not yet");
  }
}
