package magnus.peers.control;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import magnus.fragments.control.FragmentStore;
import magnus.host.control.Identity;
import magnus.host.control.Settings;
import magnus.peers.entity.PeerDescriptor;

/**
 * The peers this one knows of, found through Payara Micro's Data Grid (Hazelcast).
 *
 * <p>Every peer publishes its {@link PeerDescriptor} as JSON text under its id in the distributed
 * map {@value #MAP}, with a time to live of {@link #TTL}, and refreshes it every {@link #REFRESH}
 * (see {@code magnus.peers.boundary.PeerHeartbeat}). A peer that stops refreshing (killed, cut off,
 * or no longer ready) drops out of the map when its entry expires; one whose grid member has left
 * the cluster is dropped at once.
 *
 * <p>{@link #live()} answers from a snapshot taken at each refresh, so that callers never wait on
 * the grid. Without a Data Grid (clustering off, or a peer started alone) the only live peer is
 * this one.
 */
@ApplicationScoped
public class PeerDirectory {

  static final Logger LOG = Logger.getLogger(PeerDirectory.class.getName());

  /** The distributed map of published descriptors: peer id to JSON text. */
  public static final String MAP = "magnus-peers";

  /** How long a published descriptor lives in the grid unless refreshed. */
  public static final Duration TTL = Duration.ofSeconds(15);

  /** How often each peer publishes its descriptor again. */
  public static final Duration REFRESH = Duration.ofSeconds(5);

  /** Where Payara binds its Hazelcast instance. */
  static final String GRID_JNDI = "payara/Hazelcast";

  /** Bounds a write to the grid, so that a grid in trouble cannot stall the refresh for minutes. */
  static final long GRID_WRITE_SECONDS = 5;

  @Inject Identity identity;

  @Inject Settings settings;

  @Inject FragmentStore fragments;

  private volatile HazelcastInstance grid;
  private volatile boolean gridMissingLogged;
  private volatile List<PeerDescriptor> others = List.of();
  private volatile PeerDescriptor lastSelf;
  private final Map<String, PeerDescriptor> everSeen = new ConcurrentHashMap<>();

  /**
   * The peers live now, this one included (even when it is not ready to hold fragments; placement
   * never picks the owner anyway), in id order.
   */
  public List<PeerDescriptor> live() {
    Instant oldest = Instant.now().minus(TTL.multipliedBy(2));
    // This peer as of the last refresh: live() is called on any thread and must not wait on the
    // database. Before the first refresh it claims no room rather than its whole offer.
    PeerDescriptor self = lastSelf != null ? lastSelf : withFree(0);
    List<PeerDescriptor> live = new ArrayList<>();
    live.add(self);
    for (PeerDescriptor peer : others) {
      // A snapshot that stopped being refreshed must not keep peers alive for ever; twice the TTL
      // leaves room for clocks on different hosts that disagree by a few seconds.
      if (!peer.id().equals(self.id()) && peer.seenAt() != null && peer.seenAt().isAfter(oldest)) {
        live.add(peer);
      }
    }
    live.sort(Comparator.comparing(PeerDescriptor::id));
    return live;
  }

  /**
   * This peer's own descriptor, with what it can still take as of now ({@link
   * FragmentStore#freeBytes}: the offer less the bytes held, and no more than the disk takes).
   */
  public PeerDescriptor self() {
    PeerDescriptor self = withFree(fragments.freeBytes());
    lastSelf = self;
    return self;
  }

  private PeerDescriptor withFree(long free) {
    return new PeerDescriptor(
        identity.peerId(),
        identity.advertisedUrl(),
        settings.failureDomain(),
        settings.capacityBytes(),
        free,
        Instant.now());
  }

  /** Whether this peer is in a Data Grid, so that others can find it. */
  public boolean clustered() {
    return grid() != null;
  }

  /**
   * Publishes this peer's descriptor (or withdraws it while the peer cannot take fragments), then
   * takes a new snapshot of the others. Called by the heartbeat every {@link #REFRESH}.
   *
   * @param available whether this peer can take fragments now; a peer that cannot is not offered to
   *     the others
   */
  public void refresh(boolean available) {
    PeerDescriptor self = self();
    HazelcastInstance hz = grid();
    if (hz == null) {
      others = List.of();
      return;
    }
    IMap<String, String> map = hz.getMap(MAP);
    String member = hz.getCluster().getLocalMember().getUuid().toString();
    try {
      if (available) {
        map.setAsync(self.id(), PeerJson.write(self, member), TTL.toSeconds(), TimeUnit.SECONDS)
            .toCompletableFuture()
            .get(GRID_WRITE_SECONDS, TimeUnit.SECONDS);
      } else {
        map.removeAsync(self.id()).toCompletableFuture().get(GRID_WRITE_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (Exception e) {
      LOG.log(Level.WARNING, "cannot publish this peer in the Data Grid map " + MAP, e);
    }

    Set<String> members = new HashSet<>();
    for (Member m : hz.getCluster().getMembers()) {
      members.add(m.getUuid().toString());
    }
    List<PeerDescriptor> seen = new ArrayList<>();
    for (String text : map.values()) {
      try {
        PeerJson.Entry entry = PeerJson.read(text);
        // An entry outlives its member by up to the TTL; a member that left is gone now.
        if (entry.member() == null || members.contains(entry.member())) {
          seen.add(entry.peer());
        }
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "ignoring an unreadable entry in " + MAP + ": " + text, e);
      }
    }
    others = List.copyOf(seen);
    seen.forEach(p -> everSeen.put(p.id(), p));
  }

  /**
   * The last descriptor of a peer seen since this process started, live or not. A restore tries
   * such a peer too: right after other peers fail, the grid's map can miss live peers for a few
   * seconds, until they publish themselves again.
   */
  public Optional<PeerDescriptor> lastSeen(String id) {
    return Optional.ofNullable(everSeen.get(id));
  }

  /** Takes this peer out of the grid at once, as it stops, instead of waiting for the TTL. */
  public void withdraw() {
    HazelcastInstance hz = grid;
    if (hz == null) {
      return;
    }
    try {
      if (hz.getLifecycleService().isRunning()) {
        hz.<String, String>getMap(MAP)
            .removeAsync(identity.peerId())
            .toCompletableFuture()
            .get(2, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      // The grid may already be shutting down with the server; the entry then expires by itself.
      LOG.log(Level.FINE, "could not withdraw this peer from the grid", e);
    }
  }

  private HazelcastInstance grid() {
    HazelcastInstance hz = grid;
    if (hz != null && hz.getLifecycleService().isRunning()) {
      return hz;
    }
    try {
      Object found = new InitialContext().lookup(GRID_JNDI);
      if (found instanceof HazelcastInstance instance
          && instance.getLifecycleService().isRunning()) {
        grid = instance;
        LOG.info(
            () ->
                "in the Data Grid as member "
                    + instance.getCluster().getLocalMember()
                    + " of cluster '"
                    + instance.getConfig().getClusterName()
                    + "'; peers are published in map "
                    + MAP);
        return instance;
      }
    } catch (NamingException | RuntimeException e) {
      LOG.log(Level.FINE, "no Data Grid at " + GRID_JNDI, e);
    }
    if (!gridMissingLogged) {
      gridMissingLogged = true;
      LOG.info("no Data Grid (clustering is off): this peer knows only itself");
    }
    return null;
  }
}
