package magnus.packs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChunkerTest {

  static final ChunkKeys KEYS = ChunkKeys.from(new byte[32]);
  static final long[] GEAR = KEYS.gear();

  static byte[] random(long seed, int size) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static List<byte[]> chunks(byte[] data, long sizeHint) throws IOException {
    return chunks(new ByteArrayInputStream(data), sizeHint);
  }

  static List<byte[]> chunks(InputStream in, long sizeHint) throws IOException {
    Chunker chunker = new Chunker(GEAR, in, sizeHint);
    List<byte[]> out = new ArrayList<>();
    for (Chunker.Chunk c; (c = chunker.next()) != null; ) {
      out.add(c.copy());
    }
    return out;
  }

  static List<String> ids(List<byte[]> chunks) {
    List<String> ids = new ArrayList<>();
    for (byte[] c : chunks) {
      ids.add(KEYS.id(c, 0, c.length));
    }
    return ids;
  }

  @Test
  void anEmptyStreamHasNoChunkAndASmallOneIsOneChunk() throws IOException {
    assertThat(chunks(new byte[0], 0)).isEmpty();
    byte[] small = random(1, 10_000);
    List<byte[]> one = chunks(small, small.length);
    assertThat(one).hasSize(1);
    assertThat(one.get(0)).isEqualTo(small);
  }

  @Test
  void chunksJoinToTheStreamAndKeepToTheBounds() throws IOException {
    byte[] data = random(2, 40 << 20);
    List<byte[]> chunks = chunks(data, data.length);
    int pos = 0;
    for (int i = 0; i < chunks.size(); i++) {
      byte[] c = chunks.get(i);
      assertThat(c.length).isLessThanOrEqualTo(Chunker.MAX_SIZE);
      if (i < chunks.size() - 1) {
        assertThat(c.length).isGreaterThanOrEqualTo(Chunker.MIN_SIZE);
      }
      assertThat(java.util.Arrays.equals(c, 0, c.length, data, pos, pos + c.length)).isTrue();
      pos += c.length;
    }
    assertThat(pos).isEqualTo(data.length);
    // About 1 MiB on average over random data: 40 MiB makes 25 to 60 chunks.
    assertThat(chunks.size()).isBetween(25, 60);
  }

  @Test
  void boundariesDependOnTheContentNotOnHowTheStreamIsRead() throws IOException {
    byte[] data = random(3, 20 << 20);
    List<String> whole = ids(chunks(data, data.length));
    // A stream that hands out a few bytes at a time, with no size hint: the same chunks.
    InputStream trickle =
        new ByteArrayInputStream(data) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 1 + (int) (pos % 7777)));
          }
        };
    assertThat(ids(chunks(trickle, -1))).isEqualTo(whole);
  }

  @Test
  void aStreamLongerThanItsHintIsChunkedAsIfTheHintWereRight() throws IOException {
    byte[] data = random(10, 12 << 20);
    assertThat(ids(chunks(data, 1000))).isEqualTo(ids(chunks(data, data.length)));
  }

  @Test
  void anInsertionNearTheStartChangesOnlyTheChunksAroundIt() throws IOException {
    byte[] data = random(4, 30 << 20);
    byte[] edited = new byte[data.length + 100];
    System.arraycopy(data, 0, edited, 0, 1000);
    System.arraycopy(random(5, 100), 0, edited, 1000, 100);
    System.arraycopy(data, 1000, edited, 1100, data.length - 1000);
    List<String> before = ids(chunks(data, data.length));
    List<String> after = ids(chunks(edited, edited.length));
    Set<String> added = new HashSet<>(after);
    before.forEach(added::remove);
    // Fixed-size blocks would all differ; here the edit costs a chunk or two.
    assertThat(added.size()).isLessThanOrEqualTo(2);
    assertThat(before.size()).isGreaterThan(10);
  }

  @Test
  void anotherKeyCutsElsewhereAndNamesOtherwise() throws IOException {
    byte[] data = random(6, 20 << 20);
    ChunkKeys other = ChunkKeys.from(random(7, 32));
    Chunker chunker = new Chunker(other.gear(), new ByteArrayInputStream(data), data.length);
    List<Integer> lengths = new ArrayList<>();
    for (Chunker.Chunk c; (c = chunker.next()) != null; ) {
      lengths.add(c.length());
    }
    List<Integer> mine = chunks(data, data.length).stream().map(c -> c.length).toList();
    assertThat(lengths).isNotEqualTo(mine);
    byte[] small = random(8, 100);
    assertThat(other.id(small, 0, 100)).isNotEqualTo(KEYS.id(small, 0, 100)).hasSize(64);
  }

  @Test
  void aStreamWithoutBoundariesIsCutAtTheMaximum() throws IOException {
    // All zeros: the gear hash of a run of one byte settles at -gear[0], whose top bits are not
    // all zero under this key, so no boundary is found before the maximum.
    byte[] zeros = new byte[20 << 20];
    List<byte[]> chunks = chunks(zeros, zeros.length);
    assertThat(chunks.get(0).length).isEqualTo(Chunker.MAX_SIZE);
    assertThat(chunks.stream().mapToInt(c -> c.length).sum()).isEqualTo(zeros.length);
    assertThat(ids(chunks).get(0)).isEqualTo(ids(chunks).get(1));
  }

  @Test
  void knownAnswer() throws IOException {
    // Boundaries of a fixed input under the all-zero key, recorded from this chunker when it was
    // written (no other implementation shares its keyed gear table): a change to the chunker, which
    // would make every owner store every chunk again, cannot pass unnoticed.
    List<Integer> lengths =
        chunks(random(9, 12 << 20), 12 << 20).stream().map(c -> c.length).toList();
    assertThat(lengths).isEqualTo(KNOWN_LENGTHS);
  }

  static final List<Integer> KNOWN_LENGTHS =
      List.of(
          1115596, 1621405, 1109479, 1049279, 1455436, 1051213, 1192626, 1064435, 1588804, 1334639);

  @Test
  void badTablesAndKeysAreRefused() {
    assertThatThrownBy(() -> new Chunker(new long[3], InputStream.nullInputStream(), 0))
        .hasMessageContaining("256 entries");
    assertThatThrownBy(() -> Chunker.gear(new byte[4])).hasMessageContaining("16 bytes");
    assertThatThrownBy(() -> ChunkKeys.from(new byte[4])).hasMessageContaining("32 bytes");
  }
}
