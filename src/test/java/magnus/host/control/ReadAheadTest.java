package magnus.host.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ReadAheadTest {

  @Test
  void handsOverEveryByteAndItsHash() throws Exception {
    byte[] data = new byte[3_000_001];
    new Random(5).nextBytes(data);
    try (ReadAhead in =
        new ReadAhead(new ByteArrayInputStream(data), Executors.defaultThreadFactory(), 10)) {
      assertThat(in.readAllBytes()).isEqualTo(data);
      assertThat(in.sha256())
          .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
      assertThat(in.failure()).isNull();
    }
  }

  @Test
  void withoutHashingItHandsOverEveryByteAndNoHash() throws Exception {
    byte[] data = new byte[1_000_003];
    new Random(6).nextBytes(data);
    try (ReadAhead in =
        new ReadAhead(
            new ByteArrayInputStream(data), Executors.defaultThreadFactory(), 10, false)) {
      assertThat(in.readAllBytes()).isEqualTo(data);
      assertThat(in.sha256()).isNull();
      assertThat(in.failure()).isNull();
    }
  }

  @Test
  void aFailingSourceFailsTheReaderWithItsReason() {
    InputStream broken =
        new InputStream() {
          int left = 200_000;

          @Override
          public int read() throws IOException {
            if (left-- <= 0) {
              throw new IOException("disk on fire");
            }
            return 1;
          }
        };
    ReadAhead in = new ReadAhead(broken, Executors.defaultThreadFactory(), 10);
    assertThatThrownBy(in::readAllBytes).hasMessageContaining("disk on fire");
    assertThat(in.failure()).hasMessageContaining("disk on fire");
    assertThat(in.sha256()).isNull();
  }

  @Test
  void closingEarlyStopsTheReadingThreadAndClosesTheSource() throws Exception {
    AtomicBoolean closed = new AtomicBoolean();
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            return 0;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            return len;
          }

          @Override
          public void close() {
            closed.set(true);
          }
        };
    ReadAhead in = new ReadAhead(endless, Executors.defaultThreadFactory(), 10);
    assertThat(in.readNBytes(100_000)).hasSize(100_000);
    in.close();
    for (int i = 0; i < 100 && !closed.get(); i++) {
      Thread.sleep(50);
    }
    assertThat(closed).isTrue();
  }
}
