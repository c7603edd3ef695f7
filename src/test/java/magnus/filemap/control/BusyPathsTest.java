package magnus.filemap.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BusyPathsTest {

  final BusyPaths busy = new BusyPaths();

  @Test
  void theSamePathADirectoryAboveAndAPathInsideAreRefusedWhileABackupRuns() throws Exception {
    assertThat(busy.idle()).isTrue();
    try (BusyPaths.Claim running = busy.claim(List.of(Path.of("/srv/data")))) {
      assertThat(busy.idle()).isFalse();
      assertThatThrownBy(() -> busy.claim(List.of(Path.of("/srv/data"))))
          .isInstanceOf(PathBusyException.class)
          .hasMessage(
              "a backup of /srv/data is running; wait for it to end, then back up /srv/data again");
      assertThatThrownBy(() -> busy.claim(List.of(Path.of("/srv"))))
          .hasMessage(
              "a backup of /srv/data is running, which overlaps /srv; wait for it to end, then"
                  + " back up /srv again");
      assertThatThrownBy(() -> busy.claim(List.of(Path.of("/tmp/x"), Path.of("/srv/data/a"))))
          .isInstanceOf(PathBusyException.class);
      // A name that only starts with the same letters is another path.
      busy.claim(List.of(Path.of("/srv/data2"))).close();
    }
    assertThat(busy.idle()).isTrue();
    busy.claim(List.of(Path.of("/srv/data"))).close();
  }
}
