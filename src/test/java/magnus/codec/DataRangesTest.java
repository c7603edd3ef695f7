package magnus.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DataRangesTest {

  /** Every range read from the encoder's own data fragments is the file's bytes. */
  @Test
  void piecesReadFromTheDataFragmentsAreTheFilesBytes() throws IOException {
    Random random = new Random(1);
    int[][] codes = {{1, 1}, {3, 5}, {4, 6}, {7, 10}};
    for (int[] code : codes) {
      int k = code[0];
      int n = code[1];
      for (int segment : new int[] {1, 7, 1000, 4096}) {
        for (int size : new int[] {1, 999, 4096 * 3 + 5}) {
          byte[] file = new byte[size];
          random.nextBytes(file);
          ByteArrayOutputStream[] fragments = new ByteArrayOutputStream[n];
          for (int i = 0; i < n; i++) {
            fragments[i] = new ByteArrayOutputStream();
          }
          new FragmentEncoder(k, n, segment)
              .encode(new ByteArrayInputStream(file), (OutputStream[]) fragments);
          for (int t = 0; t < 40; t++) {
            int offset = random.nextInt(size);
            int length = random.nextInt(size - offset + 1);
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            long expectFileOffset = offset;
            for (DataRanges.Piece p : DataRanges.of(offset, length, size, k, segment)) {
              assertThat(p.fragment()).isBetween(0, k - 1);
              assertThat(p.fileOffset()).isEqualTo(expectFileOffset);
              expectFileOffset += p.length();
              read.write(
                  fragments[p.fragment()].toByteArray(), (int) p.fragmentOffset(), p.length());
            }
            assertThat(read.toByteArray())
                .as("k=%d segment=%d size=%d bytes %d+%d", k, segment, size, offset, length)
                .isEqualTo(java.util.Arrays.copyOfRange(file, offset, offset + length));
          }
        }
      }
    }
  }

  @Test
  void aRangeInsideOneBlockIsOnePiece() {
    // 3 MiB in 1 MiB segments, k=3: blocks of 349,526 bytes; byte 1 MiB + 10 is in segment 1,
    // block 0, at fragment offset 349,526 + 10.
    List<DataRanges.Piece> pieces = DataRanges.of((1 << 20) + 10, 100, 3 << 20, 3, 1 << 20);
    assertThat(pieces).containsExactly(new DataRanges.Piece(0, 349_526 + 10, 100, (1 << 20) + 10));
  }

  @Test
  void aRangeOutsideTheFileIsRefused() {
    assertThatThrownBy(() -> DataRanges.of(10, 5, 12, 3, 1 << 20))
        .hasMessageContaining("not inside a file of 12");
    assertThatThrownBy(() -> DataRanges.of(-1, 1, 12, 3, 1 << 20))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(DataRanges.of(12, 0, 12, 3, 1 << 20)).isEmpty();
    // A length so large that offset + length would overflow.
    assertThatThrownBy(() -> DataRanges.of(5, Long.MAX_VALUE, 12, 3, 1 << 20))
        .hasMessageContaining("not inside");
  }
}
