package magnus.host.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The peer's settings, read through MicroProfile Config. Every key can be set as a system property
 * ({@code -Dmagnus.data.dir=...}) or as an environment variable ({@code MAGNUS_DATA_DIR=...}); the
 * system property wins. The defaults are listed in {@code META-INF/microprofile-config.properties}
 * and in the README.
 *
 * <p>The database settings ({@code magnus.db.url}, {@code magnus.db.user}, {@code
 * magnus.db.password}) are read by the container for the data source itself, see {@link
 * magnus.host.control.PeerDataSource}; they are repeated here only so that errors can name them.
 */
@ApplicationScoped
public class Settings {

  @Inject
  @ConfigProperty(name = "magnus.http.port")
  int httpPort;

  @Inject
  @ConfigProperty(name = "magnus.db.url")
  String databaseUrl;

  @Inject
  @ConfigProperty(name = "magnus.data.dir")
  String dataDirectory;

  @Inject
  @ConfigProperty(name = "magnus.failure.domain")
  Optional<String> failureDomain;

  @Inject
  @ConfigProperty(name = "magnus.capacity.bytes")
  long capacityBytes;

  @Inject
  @ConfigProperty(name = "magnus.code.k")
  int defaultK;

  @Inject
  @ConfigProperty(name = "magnus.code.n")
  int defaultN;

  @Inject
  @ConfigProperty(name = "magnus.snapshots.orphan.grace.seconds")
  long orphanGraceSeconds;

  /**
   * How old a pack nothing names must be before it is removed: a younger one may belong to a run
   * that is still storing it.
   */
  public java.time.Duration orphanGrace() {
    return java.time.Duration.ofSeconds(Math.max(0, orphanGraceSeconds));
  }

  @Inject
  @ConfigProperty(name = "magnus.snapshots.sweep.minutes")
  long sweepMinutes;

  /** Minutes between two sweeps of what interrupted runs left; 0: no sweep. */
  public long sweepMinutes() {
    return Math.max(0, sweepMinutes);
  }

  @Inject
  @ConfigProperty(name = "magnus.warmup")
  boolean warmUp;

  /** Whether the peer runs its computing paths once on made-up bytes as it starts. */
  public boolean warmUp() {
    return warmUp;
  }

  /** The HTTP port this peer listens on. */
  public int httpPort() {
    return httpPort;
  }

  /** The JDBC URL of this peer's own database. */
  public String databaseUrl() {
    return databaseUrl;
  }

  /** Where this peer keeps fragment files; absolute. */
  public Path dataDirectory() {
    return Path.of(dataDirectory).toAbsolutePath().normalize();
  }

  /**
   * The label of the failure domain this host belongs to: hosts that one failure can take down
   * together (a rack, a room, a building) share a label. Defaults to the host name, which treats
   * every host as its own domain.
   */
  public String failureDomain() {
    if (failureDomain.isPresent() && !failureDomain.get().isBlank()) {
      return failureDomain.get().strip();
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }

  /** The host name other peers can reach this one by, when no URL is configured. */
  public String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /** The bytes of disk this peer offers to hold other peers' fragments. */
  public long capacityBytes() {
    return capacityBytes;
  }

  /** How many fragments rebuild a file, unless a backup asks otherwise. */
  public int defaultK() {
    return defaultK;
  }

  /** How many fragments a file is cut into, unless a backup asks otherwise. */
  public int defaultN() {
    return defaultN;
  }
}
