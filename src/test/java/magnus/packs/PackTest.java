package magnus.packs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackTest {

  static final ChunkKeys KEYS = ChunkKeys.from(new byte[32]);

  @Test
  void blobsAndTheIndexReadBackFromThePacksTail() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PackWriter pack = new PackWriter(out);
    Random random = new Random(1);
    byte[][] blobs = new byte[5][];
    for (int i = 0; i < blobs.length; i++) {
      blobs[i] = new byte[i * 1000];
      random.nextBytes(blobs[i]);
      PackIndex.Kind kind = i == 4 ? PackIndex.Kind.TREE : PackIndex.Kind.DATA;
      pack.add(kind, KEYS.id(blobs[i], 0, blobs[i].length), blobs[i], 0, blobs[i].length);
    }
    long expected = pack.finishedLength();
    PackIndex written = pack.finish();
    byte[] bytes = out.toByteArray();
    assertThat(bytes).hasSize((int) expected);

    int count =
        PackIndex.count(Arrays.copyOfRange(bytes, bytes.length - PackIndex.FOOTER, bytes.length));
    assertThat(count).isEqualTo(5);
    int tail = PackIndex.size(count);
    PackIndex read =
        PackIndex.parse(Arrays.copyOfRange(bytes, bytes.length - tail, bytes.length), bytes.length);
    assertThat(read).isEqualTo(written);
    for (int i = 0; i < blobs.length; i++) {
      PackIndex.Entry e = read.entries().get(i);
      byte[] blob = Arrays.copyOfRange(bytes, (int) e.offset(), (int) e.offset() + e.length());
      assertThat(blob).isEqualTo(blobs[i]);
      assertThat(KEYS.id(blob, 0, blob.length)).isEqualTo(e.id());
    }
    assertThat(read.entries().get(4).kind()).isEqualTo(PackIndex.Kind.TREE);
  }

  @Test
  void aTailThatIsNotAPacksIsRefusedWithTheReason() {
    assertThatThrownBy(() -> PackIndex.count(new byte[PackIndex.FOOTER]))
        .hasMessageContaining("not a pack");
    PackIndex one =
        new PackIndex(
            java.util.List.of(new PackIndex.Entry(PackIndex.Kind.DATA, "ab".repeat(32), 0, 100)));
    byte[] tail = one.bytes();
    // The blob would run into the index of a pack too short to hold it.
    assertThatThrownBy(() -> PackIndex.parse(tail, tail.length + 50))
        .hasMessageContaining("runs past");
    assertThat(PackIndex.parse(tail, tail.length + 100)).isEqualTo(one);
    byte[] badKind = tail.clone();
    badKind[0] = 9;
    assertThatThrownBy(() -> PackIndex.parse(badKind, tail.length + 100))
        .hasMessageContaining("unknown kind 9");
    assertThatThrownBy(() -> PackIndex.parse(Arrays.copyOfRange(tail, 1, tail.length), 1000))
        .hasMessageContaining("a tail of");
    assertThatThrownBy(() -> new PackIndex.Entry(PackIndex.Kind.DATA, "ab", 0, 1))
        .hasMessageContaining("64 lower-case hex digits");
    assertThatThrownBy(() -> new PackIndex.Entry(PackIndex.Kind.DATA, "AB".repeat(32), 0, 1))
        .hasMessageContaining("64 lower-case hex digits");
    // A footer that announces more blobs than a pack holds: refused before anything is made.
    byte[] huge = tail.clone();
    java.nio.ByteBuffer.wrap(huge).putInt(huge.length - PackIndex.FOOTER, Integer.MAX_VALUE);
    assertThatThrownBy(() -> PackIndex.parse(huge, 1 << 30)).hasMessageContaining("a pack holds");
    // An offset so large that offset + length would overflow.
    PackIndex far =
        new PackIndex(
            java.util.List.of(
                new PackIndex.Entry(
                    PackIndex.Kind.DATA, "ab".repeat(32), Long.MAX_VALUE - 1, 100)));
    assertThatThrownBy(() -> PackIndex.parse(far.bytes(), 1000)).hasMessageContaining("runs past");
    assertThat(HexFormat.of().formatHex(tail, tail.length - 8, tail.length))
        .isEqualTo(HexFormat.of().formatHex(PackIndex.MAGIC.getBytes()));
  }

  @Test
  void aFinishedPackTakesNoMoreBlobs() throws IOException {
    PackWriter pack = new PackWriter(new ByteArrayOutputStream());
    pack.finish();
    assertThatThrownBy(() -> pack.add(PackIndex.Kind.DATA, "00".repeat(32), new byte[1], 0, 1))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aBlobIdIsExactlyItsCountOfLowerCaseHexDigits() {
    assertThat(PackIndex.isHex("0123456789abcdef", 16)).isTrue();
    assertThat(PackIndex.isHex("0123456789abcdeF", 16)).isFalse();
    assertThat(PackIndex.isHex("0123456789abcdeg", 16)).isFalse();
    assertThat(PackIndex.isHex("0123456789abcde", 16)).isFalse();
    assertThat(PackIndex.isHex("0123456789abcdef0", 16)).isFalse();
    assertThat(PackIndex.isHex("/0123456789abcde", 16)).isFalse();
    assertThat(PackIndex.isHex(":0123456789abcde", 16)).isFalse();
    assertThat(PackIndex.isHex(null, 16)).isFalse();
    assertThatThrownBy(() -> new PackIndex.Entry(PackIndex.Kind.DATA, "AB".repeat(32), 0, 1))
        .hasMessageContaining("64 lower-case hex digits");
  }
}
