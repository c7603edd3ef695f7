package magnus.filemap.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import magnus.filemap.entity.FileFacts;
import org.junit.jupiter.api.Test;

class FileBackupTest {

  /**
   * A backup announces each fragment's body length before it has hashed the file, from metadata
   * made with a stand-in hash: the real metadata must be exactly as long.
   */
  @Test
  void theMetadataIsAsLongWhateverTheHash() {
    long storedAt = 1_790_000_000_000L;
    FileFacts standIn =
        new FileFacts(
            "/srv/ä b/report.pdf", "f1", 123_456, "0".repeat(64), 1_700_000_000_123L, 0640);
    FileFacts real =
        new FileFacts(
            "/srv/ä b/report.pdf",
            "f1",
            123_456,
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            1_700_000_000_123L,
            0640);
    String metadata = FileBackup.metadata(real, storedAt);
    assertThat(metadata).hasSameSizeAs(FileBackup.metadata(standIn, storedAt));
    assertThat(new String(Base64.getDecoder().decode(metadata), StandardCharsets.UTF_8))
        .contains("\"sha256\":\"9f86d081", "\"storedAt\":1790000000000", "\"mode\":416");
  }
}
