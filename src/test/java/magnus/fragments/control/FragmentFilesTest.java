package magnus.fragments.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import magnus.fragments.entity.FragmentHeader;
import magnus.fragments.entity.FragmentTrailer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FragmentFilesTest {

  static final String OWNER = "0123456789abcdef0123456789abcdef";

  @TempDir Path data;

  static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  static FragmentHeader header(String fileId, int index, byte[] body) throws Exception {
    return new FragmentHeader(
        OWNER, fileId, 1, index, 3, 5, 3L * body.length, 1 << 20, body.length, sha256(body), "");
  }

  /** Files under the data directory, relative, sorted. */
  List<String> files() throws IOException {
    try (Stream<Path> walk = Files.walk(data)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> data.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  @Test
  void writesAMultiMegabyteFragmentInChunksToItsPlace() throws Exception {
    FragmentFiles files = new FragmentFiles(data);
    byte[] body = bytes(5_000_000, 1);
    FragmentHeader h = header("report.pdf", 2, body);
    // A stream that hands out small reads, as a network does.
    InputStream trickle =
        new ByteArrayInputStream(body) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 1_000));
          }
        };
    Path written = files.pathOf(files.write(h, trickle));
    assertThat(written)
        .isEqualTo(data.resolve("fragments/" + OWNER + "/report.pdf/1/2." + h.sha256()));
    assertThat(Files.readAllBytes(written)).isEqualTo(body);
    assertThat(files()).containsExactly(data.relativize(written).toString());
  }

  @Test
  void refusesAShaMismatchAndLeavesNothing() throws Exception {
    FragmentFiles files = new FragmentFiles(data);
    byte[] body = bytes(10_000, 2);
    FragmentHeader h = header("a", 0, body);
    byte[] damaged = body.clone();
    damaged[5_000] ^= 1;
    assertThatThrownBy(() -> files.write(h, new ByteArrayInputStream(damaged)))
        .isInstanceOf(FragmentException.class)
        .hasMessageContaining("SHA-256")
        .satisfies(
            e ->
                assertThat(((FragmentException) e).reason())
                    .isEqualTo(FragmentException.Reason.MISMATCH));
    assertThat(files()).isEmpty();
  }

  @Test
  void refusesAShortOrLongBodyAndLeavesNothing() throws Exception {
    FragmentFiles files = new FragmentFiles(data);
    byte[] body = bytes(10_000, 3);
    FragmentHeader h = header("a", 0, body);
    assertThatThrownBy(() -> files.write(h, new ByteArrayInputStream(body, 0, body.length - 1)))
        .hasMessageContaining("has 9999 bytes but the header's length is 10000");
    // What follows the bytes is the wire's to judge: here, as the boundary reads it.
    byte[] longer = new byte[body.length + 10];
    System.arraycopy(body, 0, longer, 0, body.length);
    InputStream in = new ByteArrayInputStream(longer);
    assertThatThrownBy(() -> files.write(h, in, () -> FragmentHeaders.readEnd(h, in)))
        .hasMessageContaining("longer than Magnus-Length");
    assertThat(files()).isEmpty();
  }

  @Test
  void verifyChecksWithoutWriting() throws Exception {
    FragmentFiles files = new FragmentFiles(data);
    byte[] body = bytes(1_000, 4);
    FragmentHeader h = header("a", 0, body);
    assertThat(files.verify(h, new ByteArrayInputStream(body), () -> FragmentTrailer.of(h)))
        .isEqualTo(h);
    assertThatThrownBy(
            () ->
                files.verify(
                    h, new ByteArrayInputStream(bytes(1_000, 5)), () -> FragmentTrailer.of(h)))
        .isInstanceOf(FragmentException.class);
    assertThat(files()).isEmpty();
  }

  @Test
  void aDifferentFragmentAtTheSameKeyIsADifferentFile() throws Exception {
    FragmentFiles files = new FragmentFiles(data);
    byte[] one = bytes(100, 6);
    byte[] two = bytes(200, 7);
    Path first = files.pathOf(files.write(header("a", 0, one), new ByteArrayInputStream(one)));
    Path second = files.pathOf(files.write(header("a", 0, two), new ByteArrayInputStream(two)));
    assertThat(first).isNotEqualTo(second);
    assertThat(Files.readAllBytes(first)).isEqualTo(one);
    assertThat(Files.readAllBytes(second)).isEqualTo(two);
    files.delete(first);
    files.delete(first); // absent: no error
    assertThat(first).doesNotExist();
  }

  @Test
  void reconcileRemovesTemporariesMovesOrphansAndReportsMissingFiles() throws Exception {
    FragmentFiles files = new FragmentFiles(data);
    byte[] kept = bytes(300, 8);
    byte[] orphan = bytes(400, 9);
    byte[] shrunk = bytes(500, 10);
    FragmentHeader keptHeader = header("kept", 0, kept);
    FragmentHeader orphanHeader = header("orphan", 1, orphan);
    FragmentHeader shrunkHeader = header("shrunk", 2, shrunk);
    Path keptFile = files.pathOf(files.write(keptHeader, new ByteArrayInputStream(kept)));
    Path orphanFile = files.pathOf(files.write(orphanHeader, new ByteArrayInputStream(orphan)));
    Path shrunkFile = files.pathOf(files.write(shrunkHeader, new ByteArrayInputStream(shrunk)));
    Files.write(shrunkFile, new byte[10]);
    Path temporary = keptFile.resolveSibling(".0.12345.tmp");
    Files.write(temporary, new byte[] {1, 2, 3});

    List<FragmentFiles.Row> rows =
        List.of(
            row(keptHeader),
            row(shrunkHeader),
            new FragmentFiles.Row(
                FragmentFiles.relativePath(OWNER, "gone", 1, 0, "ab".repeat(32)), 7));
    FragmentFiles.Reconciliation found = files.reconcile(rows);

    assertThat(found.temporariesRemoved()).containsExactly(rel(files, temporary));
    assertThat(found.orphansMoved()).containsExactly(rel(files, orphanFile));
    assertThat(found.rowsWithoutFile()).containsExactly(OWNER + "/gone/1/0." + "ab".repeat(32));
    assertThat(found.rowsWithWrongSize()).containsExactly(rel(files, shrunkFile));
    assertThat(found.clean()).isFalse();
    assertThat(found.summary()).contains("1 temporary files removed", "1 files without a row");

    assertThat(temporary).doesNotExist();
    assertThat(orphanFile).doesNotExist();
    assertThat(files.orphans().resolve(rel(files, orphanFile))).hasBinaryContent(orphan);
    assertThat(files.orphans().resolve(rel(files, shrunkFile))).exists();
    assertThat(keptFile).hasBinaryContent(kept);
    // The emptied directories of the moved files are gone; the kept one's stay.
    assertThat(files.root().resolve(OWNER + "/orphan")).doesNotExist();
    assertThat(keptFile.getParent()).isDirectory();

    FragmentFiles.Reconciliation again = files.reconcile(List.of(row(keptHeader)));
    assertThat(again.clean()).isTrue();
  }

  /** The header a trailer-sending owner announces: no SHA-256 and no metadata yet. */
  static FragmentHeader announced(String fileId, int length) {
    return new FragmentHeader(OWNER, fileId, 1, 0, 3, 5, 3L * length, 1 << 20, length, null, null);
  }

  static InputStream withTrailer(byte[] body, String trailer) {
    byte[] t = trailer.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] all = java.util.Arrays.copyOf(body, body.length + t.length);
    System.arraycopy(t, 0, all, body.length, t.length);
    return new ByteArrayInputStream(all);
  }

  /** Writes as the boundary does: the trailer is read (and parsed) by the wire's reader. */
  static FragmentHeader write(FragmentFiles files, FragmentHeader h, InputStream body) {
    return files.write(h, body, () -> FragmentHeaders.readEnd(h, body));
  }

  @Test
  void aTrailerGivesTheHashAndMetadataAfterTheBytes() throws Exception {
    FragmentFiles files = new FragmentFiles(data);
    // Larger than a few EarlyFlush steps, so that flushes run while the file is written.
    byte[] body = bytes(40_000_000, 11);
    String sha = sha256(body);
    FragmentHeader stored =
        write(
            files,
            announced("big", body.length),
            withTrailer(body, new String(FragmentHeaders.trailer(sha, "bWV0YQ=="))));
    assertThat(stored.sha256()).isEqualTo(sha);
    assertThat(stored.metadata()).isEqualTo("bWV0YQ==");
    assertThat(files.pathOf(stored)).hasBinaryContent(body);
    assertThat(files()).containsExactly(data.relativize(files.pathOf(stored)).toString());
  }

  @Test
  void aBadTrailerIsRefusedAndLeavesNothing() throws Exception {
    FragmentFiles files = new FragmentFiles(data);
    byte[] body = bytes(10_000, 12);
    FragmentHeader h = announced("a", body.length);
    String wrongSha = new String(FragmentHeaders.trailer(sha256(bytes(10, 1)), ""));
    assertThatThrownBy(() -> write(files, h, withTrailer(body, wrongSha)))
        .hasMessageContaining("SHA-256");
    assertThatThrownBy(() -> write(files, h, withTrailer(body, "not json")))
        .hasMessageContaining("trailer after the fragment's 10000 bytes is not a JSON object");
    assertThatThrownBy(() -> write(files, h, withTrailer(body, "{\"metadata\": \"\"}")))
        .hasMessageContaining("the trailer has no sha256");
    assertThatThrownBy(
            () ->
                write(
                    files,
                    h,
                    withTrailer(body, "{\"sha256\": \"" + sha256(body) + "\"}" + " ".repeat(9000))))
        .hasMessageContaining("more than 8192 bytes follow the fragment's 10000");
    assertThatThrownBy(
            () -> write(files, h, new ByteArrayInputStream(java.util.Arrays.copyOf(body, 9_000))))
        .hasMessageContaining("has 9000 bytes but the header's length is 10000");
    assertThat(files()).isEmpty();
  }

  static FragmentFiles.Row row(FragmentHeader h) {
    return new FragmentFiles.Row(
        FragmentFiles.relativePath(h.owner(), h.fileId(), h.version(), h.index(), h.sha256()),
        h.length());
  }

  static String rel(FragmentFiles files, Path file) {
    return files.root().relativize(file).toString();
  }
}
