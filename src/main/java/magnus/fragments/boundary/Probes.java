package magnus.fragments.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.nio.file.Files;
import magnus.fragments.control.FragmentStore;
import magnus.host.control.CachedJson;
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

  /**
   * {@code freeBytes} is the offered capacity less the bytes held, and never more than the disk
   * under the data directory has free.
   */
  @GET
  @Operation(summary = "Probe: id, url, failureDomain, capacityBytes, freeBytes")
  @Produces(MediaType.APPLICATION_JSON)
  public String probe() {
    long capacity = settings.capacityBytes();
    long free = Math.max(0, capacity - store.usedBytes());
    try {
      free = Math.min(free, Files.getFileStore(settings.dataDirectory()).getUsableSpace());
    } catch (IOException | SecurityException e) {
      free = 0; // a data directory we cannot even stat takes no fragments
    }
    return CachedJson.createObjectBuilder()
        .add("id", identity.peerId())
        .add("url", identity.advertisedUrl())
        .add("failureDomain", settings.failureDomain())
        .add("capacityBytes", capacity)
        .add("freeBytes", free)
        .build()
        .toString();
  }
}
