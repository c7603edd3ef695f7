package magnus.host.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectReadTest {

  @TempDir Path directory;

  @Test
  void everySizeReadsBackExactly() throws Exception {
    for (int size : DirectWriteTest.SIZES) {
      byte[] data = new byte[size];
      new Random(size).nextBytes(data);
      Path file = directory.resolve("f" + size);
      Files.write(file, data);
      try (DirectRead in = DirectRead.open(file)) {
        assertThat(in.readAllBytes()).as("size %d", size).isEqualTo(data);
        assertThat(in.read()).isEqualTo(-1);
      }
      try (DirectRead in = DirectRead.open(file)) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(in.transferTo(out)).isEqualTo(size);
        assertThat(out.toByteArray()).as("size %d", size).isEqualTo(data);
      }
      try (DirectRead in = DirectRead.open(file)) {
        // Small reads, as a decoder's may be.
        byte[] back = new byte[size];
        int at = 0;
        for (int r; at < size && (r = in.read(back, at, Math.min(777, size - at))) > 0; ) {
          at += r;
        }
        assertThat(at).isEqualTo(size);
        assertThat(back).isEqualTo(data);
      }
    }
  }
}
