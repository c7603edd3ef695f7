package magnus.fragments.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import magnus.fragments.control.FragmentStore;
import magnus.host.control.Identity;
import magnus.host.control.Settings;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The probe of the peer protocol: that this peer answers, who it is and what room it has. */
@Path("probe")
@RequestScoped
public class Probes {

  @Inject Identity identity;

  @Inject Settings settings;

  @Inject FragmentStore store;

  /** {@code freeBytes} is what this peer can still take ({@link FragmentStore#freeBytes}). */
  @GET
  @Operation(summary = "Probe: id, url, failureDomain, capacityBytes, freeBytes")
  @Produces(MediaType.APPLICATION_JSON)
  public RemoteFragments.ProbeAnswer probe() {
    // The record the client reads the answer into, so that both sides agree by construction.
    return new RemoteFragments.ProbeAnswer(
        identity.peerId(),
        identity.advertisedUrl(),
        settings.failureDomain(),
        settings.capacityBytes(),
        store.freeBytes());
  }
}
