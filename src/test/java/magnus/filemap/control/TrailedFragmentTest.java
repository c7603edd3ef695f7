package magnus.filemap.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import magnus.fragments.control.FragmentHeaders;
import magnus.fragments.entity.FragmentHeader;
import org.junit.jupiter.api.Test;

class TrailedFragmentTest {

  @Test
  void theBytesThenATrailerThatTheHolderAccepts() throws Exception {
    byte[] fragment = new byte[100_000];
    new Random(7).nextBytes(fragment);
    TrailedFragment body =
        new TrailedFragment(new ByteArrayInputStream(fragment), () -> "bWV0YQ==");
    assertThat(body.sha256()).isNull();
    byte[] sent = body.readAllBytes();

    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(fragment));
    assertThat(body.sha256()).isEqualTo(sha);
    assertThat(Arrays.copyOf(sent, fragment.length)).isEqualTo(fragment);
    byte[] trailer = Arrays.copyOfRange(sent, fragment.length, sent.length);
    FragmentHeader announced =
        new FragmentHeader(
            "0123456789abcdef0123456789abcdef",
            "f",
            1,
            0,
            3,
            5,
            300_000,
            1 << 20,
            fragment.length,
            null,
            null);
    FragmentHeader complete = FragmentHeaders.completed(announced, trailer);
    assertThat(complete.sha256()).isEqualTo(sha);
    assertThat(complete.metadata()).isEqualTo("bWV0YQ==");
    assertThat(body.read()).isEqualTo(-1);
  }

  @Test
  void anEndBeforeTheMetadataIsKnownIsAnError() {
    TrailedFragment body = new TrailedFragment(new ByteArrayInputStream(new byte[10]), () -> null);
    assertThatThrownBy(body::readAllBytes)
        .hasMessageContaining("ended before the file's metadata was known");
  }
}
