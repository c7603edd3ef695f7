package magnus.host.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who this peer is. The peer id is derived from the host secret, which the administrator keeps off
 * the host: the same secret after a reinstall gives the same id, and with it the peer finds its
 * fragments on the others again. Without the secret, a host's backups cannot be recovered.
 *
 * <p>The secret is read from {@code magnus.secret.file}. When that file does not exist, a new
 * secret is generated and written there once, and the log says where and that it must be copied
 * somewhere safe.
 */
@ApplicationScoped
public class Identity {

  static final Logger LOG = Logger.getLogger(Identity.class.getName());
  static final int SECRET_BYTES = 32;

  @Inject
  @ConfigProperty(name = "magnus.secret.file")
  String secretFile;

  @Inject
  @ConfigProperty(name = "magnus.secret.passphrase")
  Optional<String> passphrase;

  @Inject
  @ConfigProperty(name = "magnus.advertised.url")
  Optional<String> advertisedUrl;

  @Inject Settings settings;

  private byte[] secret;
  private String peerId;

  @PostConstruct
  void load() {
    secret =
        passphrase.filter(p -> !p.isBlank()).isPresent()
            ? fromPassphrase(passphrase.get())
            : readOrCreate(Path.of(secretFile).toAbsolutePath());
    peerId = derive(secret, "magnus peer id", 16);
  }

  /** Reads (or makes) the secret as the peer starts, so that a new one is announced at once. */
  void atStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
    LOG.info(() -> "peer id " + peerId + ", reachable at " + advertisedUrl());
  }

  /** This peer's id: 32 hex digits, the same for as long as the host secret is the same. */
  public String peerId() {
    return peerId;
  }

  /** The base URL other peers reach this one at, without a trailing slash. */
  public String advertisedUrl() {
    String url =
        advertisedUrl
            .filter(u -> !u.isBlank())
            .orElse("http://" + settings.hostName() + ":" + settings.httpPort());
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /**
   * A key for one purpose, derived from the host secret (HMAC-SHA256 of the purpose), so that no
   * two uses of the secret share a key.
   */
  public byte[] key(String purpose) {
    return HexFormat.of().parseHex(derive(secret, purpose, 32));
  }

  static String derive(byte[] secret, String purpose, int bytes) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] out = mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(out, 0, bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /** PBKDF2 rounds for a passphrase: slow enough to make guessing it from a peer id costly. */
  static final int PASSPHRASE_ROUNDS = 210_000;

  /**
   * The host secret made from a passphrase (PBKDF2-HMAC-SHA256), for administrators who would
   * rather keep a passphrase than a key file: the same passphrase always gives the same secret.
   *
   * @throws IllegalStateException when the passphrase is shorter than 12 characters
   */
  static byte[] fromPassphrase(String passphrase) {
    if (passphrase.length() < 12) {
      throw new IllegalStateException(
          "magnus.secret.passphrase is shorter than 12 characters; choose a longer one (it is all"
              + " that protects this host's backups)");
    }
    try {
      javax.crypto.SecretKeyFactory factory =
          javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
      return factory
          .generateSecret(
              new javax.crypto.spec.PBEKeySpec(
                  passphrase.toCharArray(),
                  "magnus host secret".getBytes(StandardCharsets.UTF_8),
                  PASSPHRASE_ROUNDS,
                  SECRET_BYTES * 8))
          .getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JVM", e);
    }
  }

  static byte[] readOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!text.matches("[0-9a-fA-F]{64}")) {
          throw new IllegalStateException(
              "the host secret "
                  + file
                  + " is not 64 hex digits; restore it from your copy, or move it away to make"
                  + " a new one (the backups made under the old one are then lost)");
        }
        return HexFormat.of().parseHex(text);
      }
      byte[] secret = new byte[SECRET_BYTES];
      new SecureRandom().nextBytes(secret);
      Files.createDirectories(file.getParent());
      Path temporary = file.resolveSibling(file.getFileName() + ".new");
      Files.writeString(
          temporary,
          HexFormat.of().formatHex(secret) + "\n",
          StandardCharsets.US_ASCII,
          StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE,
          StandardOpenOption.SYNC);
      try {
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // Not a POSIX file system: the file keeps the default permissions.
      }
      Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      LOG.warning(
          "generated a new host secret in "
              + file
              + ". Copy it somewhere off this host now: after a disk loss, only this secret"
              + " lets a reinstalled peer find and read its backups again.");
      return secret;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the host secret " + file, e);
    }
  }
}
