package magnus.filemap.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class OwnerMetadataTest {

  @Test
  void whatABackupWritesARebuildReadsBack() {
    OwnerMetadata written =
        OwnerMetadata.of(
            new FileFacts("/srv/ä b/r.pdf", "f1", 123, "ab".repeat(32), 1_700_000_000_123L, 0640),
            1_790_000_000_000L);
    assertThat(OwnerMetadata.decode(written.encode())).isEqualTo(written);
  }

  @Test
  void theFormIsTheOneFragmentsOnHoldersAlreadyHave() {
    String earlier =
        "{\"path\":\"/a\",\"size\":5,\"sha256\":\""
            + "cd".repeat(32)
            + "\",\"mtime\":1000,\"mode\":420,\"storedAt\":2000}";
    String base64 = Base64.getEncoder().encodeToString(earlier.getBytes(StandardCharsets.UTF_8));
    OwnerMetadata read = OwnerMetadata.decode(base64);
    assertThat(read).isEqualTo(new OwnerMetadata("/a", 5, "cd".repeat(32), 1000, 0644, 2000));
    assertThat(read.encode()).isEqualTo(base64);
  }

  @Test
  void metadataThatIsNotTheOwnersIsRefusedWithWhy() {
    assertThatThrownBy(() -> OwnerMetadata.decode("not base64!"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the metadata is not base64 of a JSON object");
    String noHash =
        Base64.getEncoder().encodeToString("{\"path\":\"/a\"}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> OwnerMetadata.decode(noHash))
        .hasMessage("the metadata lacks a path or a hash");
  }

  @Test
  void aPacksMetadataSaysSoAndHasNoPath() {
    OwnerMetadata pack = OwnerMetadata.pack(16 << 20, "ef".repeat(32), 1_790_000_000_000L);
    OwnerMetadata read = OwnerMetadata.decode(pack.encode());
    assertThat(read).isEqualTo(pack);
    assertThat(read.kind()).isEqualTo(OwnerMetadata.Kind.PACK);
    assertThat(
            OwnerMetadata.decode(
                    OwnerMetadata.of(new FileFacts("/a", "f", 1, "ab".repeat(32), 0, 0644), 0)
                        .encode())
                .kind())
        .isEqualTo(OwnerMetadata.Kind.FILE);
  }

  @Test
  void theMetadataOfASnapshotsRecordPackSaysSo() {
    OwnerMetadata record =
        OwnerMetadata.pack(OwnerMetadata.Kind.RECORD, 900, "ab".repeat(32), 1_790_000_000_000L);
    OwnerMetadata read = OwnerMetadata.decode(record.encode());
    assertThat(read).isEqualTo(record);
    assertThat(read.kind()).isEqualTo(OwnerMetadata.Kind.RECORD);
    assertThat(OwnerMetadata.PACKS).contains(OwnerMetadata.Kind.RECORD, OwnerMetadata.Kind.PACK);
    assertThatThrownBy(() -> OwnerMetadata.pack(OwnerMetadata.Kind.FILE, 1, "ab".repeat(32), 0))
        .hasMessage("a pack's kind is PACK or RECORD, not FILE");
  }
}
