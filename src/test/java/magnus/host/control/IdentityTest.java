package magnus.host.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityTest {

  @TempDir Path dir;

  @Test
  void theSameSecretFileGivesTheSamePeerIdAfterAReinstall() throws Exception {
    Path file = dir.resolve("keep-off-host/secret");
    byte[] first = Identity.readOrCreate(file);
    assertThat(Files.readString(file).strip()).isEqualTo(HexFormat.of().formatHex(first));
    assertThat(PosixPermissions.of(file)).isEqualTo("rw-------");
    byte[] again = Identity.readOrCreate(file);
    assertThat(again).isEqualTo(first);
    assertThat(Identity.derive(again, "magnus peer id", 16))
        .isEqualTo(Identity.derive(first, "magnus peer id", 16))
        .hasSize(32);
  }

  @Test
  void aDamagedSecretFileIsRefusedWithTheFix() throws Exception {
    Path file = dir.resolve("secret");
    Files.writeString(file, "not a secret");
    assertThatThrownBy(() -> Identity.readOrCreate(file))
        .hasMessageContaining("is not 64 hex digits")
        .hasMessageContaining("restore it from your copy");
  }

  @Test
  void aPassphraseGivesTheSameSecretEveryTimeAndDifferentPassphrasesDiffer() {
    byte[] one = Identity.fromPassphrase("correct horse battery staple");
    assertThat(one).hasSize(32).isEqualTo(Identity.fromPassphrase("correct horse battery staple"));
    assertThat(Identity.fromPassphrase("correct horse battery stable")).isNotEqualTo(one);
    assertThatThrownBy(() -> Identity.fromPassphrase("short"))
        .hasMessageContaining("shorter than 12 characters");
  }

  /** The file's permission bits as rwx letters. */
  static final class PosixPermissions {
    static String of(Path file) throws java.io.IOException {
      return java.nio.file.attribute.PosixFilePermissions.toString(
          Files.getPosixFilePermissions(file));
    }
  }
}
