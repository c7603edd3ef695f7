package magnus.host.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectWriteTest {

  @TempDir Path directory;

  /** Sizes around the block and buffer edges, where padding and truncation matter. */
  static final int[] SIZES = {
    0,
    1,
    511,
    4095,
    4096,
    4097,
    DirectWrite.BUFFER_BYTES - 1,
    DirectWrite.BUFFER_BYTES,
    DirectWrite.BUFFER_BYTES + 3,
    5_000_000
  };

  @Test
  void everySizeComesOutExactlyInOddlySizedWrites() throws Exception {
    for (int size : SIZES) {
      byte[] data = new byte[size];
      new Random(size).nextBytes(data);
      Path file = Files.createTempFile(directory, "f", ".tmp");
      Files.write(file, new byte[] {9, 9, 9}); // old content is dropped
      try (DirectWrite out = DirectWrite.open(file, ForkJoinPool.commonPool())) {
        Random chunks = new Random(7);
        int at = 0;
        while (at < size) {
          int n = Math.min(size - at, 1 + chunks.nextInt(70_000));
          out.write(data, at, n);
          at += n;
        }
        out.finish();
      }
      assertThat(Files.readAllBytes(file)).as("size %d", size).isEqualTo(data);
    }
  }

  @Test
  void completeWritesEverySizeExactlyWithoutMakingItDurable() throws Exception {
    for (int size : SIZES) {
      byte[] data = new byte[size];
      new Random(size + 1).nextBytes(data);
      Path file = Files.createTempFile(directory, "s", ".tmp");
      try (DirectWrite out = DirectWrite.open(file, ForkJoinPool.commonPool())) {
        out.write(data, 0, size);
        out.complete();
      }
      assertThat(Files.readAllBytes(file)).as("size %d", size).isEqualTo(data);
    }
  }

  @Test
  void whereDirectWritesAreRefusedTheFileGoesThroughTheCache() throws Exception {
    byte[] data = new byte[40_000_000]; // a few background flushes' worth
    new Random(3).nextBytes(data);
    Path file = Files.createTempFile(directory, "c", ".tmp");
    try (DirectWrite out = DirectWrite.open(file, ForkJoinPool.commonPool(), false)) {
      assertThat(out.direct()).isFalse();
      for (int at = 0; at < data.length; at += 65_536) {
        out.write(data, at, Math.min(65_536, data.length - at));
      }
      out.finish();
    }
    assertThat(Files.readAllBytes(file)).isEqualTo(data);
  }

  @Test
  void theFileSystemOfThePeersDataDirectoriesIsWrittenDirect() throws Exception {
    // The test networks keep their peers' data directories under target/.
    Path file = Files.createTempFile(Path.of("target"), "direct-write-test", ".tmp");
    try (DirectWrite out = DirectWrite.open(file, ForkJoinPool.commonPool())) {
      assertThat(out.direct()).isTrue();
    } finally {
      Files.delete(file);
    }
  }
}
