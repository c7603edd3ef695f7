package magnus.host.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Checks that the data directory can hold fragments: it exists (or can be made) and takes writes.
 */
public final class DataDirectory {

  private DataDirectory() {}

  /**
   * Creates the directory if it is missing, then writes, fsyncs and deletes a probe file in it.
   *
   * @return empty when the directory is usable, otherwise why it is not
   */
  public static Optional<String> problem(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException | SecurityException e) {
      return Optional.of("cannot create " + directory + ": " + describe(e));
    }
    if (!Files.isDirectory(directory)) {
      return Optional.of(directory + " is not a directory");
    }
    Path probe = directory.resolve(".probe-" + ProcessHandle.current().pid());
    try (FileChannel channel =
        FileChannel.open(
            probe,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      channel.write(ByteBuffer.wrap(new byte[] {1}));
      channel.force(true);
    } catch (IOException | SecurityException e) {
      return Optional.of("cannot write in " + directory + ": " + describe(e));
    } finally {
      try {
        Files.deleteIfExists(probe);
      } catch (IOException ignored) {
        // The write itself failed or succeeded above; a probe left behind is harmless.
      }
    }
    return Optional.empty();
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : " " + message);
  }
}
