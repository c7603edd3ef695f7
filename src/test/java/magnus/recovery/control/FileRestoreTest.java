package magnus.recovery.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRestoreTest {

  @TempDir Path dir;

  @Test
  void staleTemporariesOfOneNameAreRemovedAndThoseOfALongerNameKept() throws Exception {
    // A drill of man-db's examples restores manpage.example and manpage.example.pod side by side.
    Path mine = Files.createTempFile(dir, ".manpage.example.", FileRestore.TEMPORARY);
    Path neighbours = Files.createTempFile(dir, ".manpage.example.pod.", FileRestore.TEMPORARY);
    Path unrelated = Files.writeString(dir.resolve(".manpage.example.notes"), "kept");

    FileRestore.removeStaleTemporaries(dir, "manpage.example");

    assertThat(mine).doesNotExist();
    assertThat(neighbours).exists();
    assertThat(unrelated).exists();
  }

  @Test
  void aTemporaryNameIsTheDestinationsNameDigitsAndTheEnding() {
    assertThat(FileRestore.isTemporaryOf(".a.123.magnus-restore", "a")).isTrue();
    assertThat(FileRestore.isTemporaryOf(".a.b.123.magnus-restore", "a")).isFalse();
    assertThat(FileRestore.isTemporaryOf(".a..magnus-restore", "a")).isFalse();
    assertThat(FileRestore.isTemporaryOf(".a.magnus-restore", "a")).isFalse();
    assertThat(FileRestore.isTemporaryOf("a.123.magnus-restore", "a")).isFalse();
  }

  @Test
  void manyRestoresCreateOneNewTreeAtOnceWithoutFailing() throws Exception {
    int threads = 16;
    CyclicBarrier together = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Path leaf = dir.resolve("a/b/c/d" + (t % 4) + "/e/f");
        all.add(
            CompletableFuture.runAsync(
                () -> {
                  try {
                    together.await();
                    FileRestore.createDirectories(leaf);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                },
                pool));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    } finally {
      pool.shutdownNow();
    }
    for (int d = 0; d < 4; d++) {
      assertThat(dir.resolve("a/b/c/d" + d + "/e/f")).isDirectory();
    }
  }

  @Test
  void aFileWhereADirectoryShouldBeIsAnError() throws Exception {
    Files.writeString(dir.resolve("a"), "a file");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> FileRestore.createDirectories(dir.resolve("a/b")))
        .isInstanceOf(java.io.IOException.class);
  }
}
