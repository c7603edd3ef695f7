package magnus.filemap.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupSourcesTest {

  @TempDir Path dir;

  @Test
  void walksDirectoriesAndNamesWhatItSkips() throws Exception {
    Files.createDirectories(dir.resolve("a/b"));
    Files.writeString(dir.resolve("a/one"), "1");
    Files.writeString(dir.resolve("a/b/two"), "22");
    Files.write(dir.resolve("empty"), new byte[0]);
    Files.createSymbolicLink(dir.resolve("link"), dir.resolve("a/one"));
    Path socket = dir.resolve("s.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      BackupSources.Found found =
          BackupSources.find(List.of(dir, dir.resolve("missing"), Path.of("/dev/null")));

      assertThat(found.files())
          .extracting(s -> dir.relativize(s.path()).toString())
          .containsExactlyInAnyOrder("a/one", "a/b/two", "empty");
      assertThat(found.files()).extracting(BackupSources.Source::size).contains(1L, 2L, 0L);
      assertThat(found.problems())
          .extracting(p -> p.path() + " | " + p.reason() + " | " + p.skipped())
          .containsExactlyInAnyOrder(
              dir.resolve("link") + " | a symbolic link; links are not followed | true",
              socket + " | not a regular file (a socket); skipped | true",
              dir.resolve("missing") + " | no such file or directory | false",
              "/dev/null | not a regular file (a character device); skipped | true");
    }
  }
}
