package magnus.filemap.control;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import magnus.host.control.Failures;

/**
 * Finds the regular files under the paths of a backup. Directories are walked without following
 * symbolic links; whatever is not a regular file or a directory (a link, a socket, a device, a
 * fifo) is skipped with its kind named, and a path that does not exist or cannot be read is a
 * problem of its own, which does not stop the others.
 */
public final class BackupSources {

  private BackupSources() {}

  /** A regular file to back up. */
  public record Source(Path path, long size) {}

  /** A path that is not backed up, and why. {@code skipped}: on purpose, not a failure. */
  public record Problem(String path, String reason, boolean skipped) {}

  /** What was found. */
  public record Found(List<Source> files, List<Problem> problems) {}

  /** Walks the paths; never throws for a bad path, which becomes a problem instead. */
  public static Found find(List<Path> paths) {
    List<Source> files = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    for (Path path : paths) {
      BasicFileAttributes attributes;
      try {
        attributes =
            Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        problems.add(new Problem(path.toString(), "no such file or directory", false));
        continue;
      } catch (IOException e) {
        problems.add(new Problem(path.toString(), Failures.describe(e), false));
        continue;
      }
      if (attributes.isDirectory()) {
        walk(path, files, problems);
      } else {
        take(path, attributes, files, problems);
      }
    }
    return new Found(files, problems);
  }

  private static void walk(Path root, List<Source> files, List<Problem> problems) {
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
              take(file, attributes, files, problems);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              problems.add(new Problem(file.toString(), Failures.describe(e), false));
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      problems.add(new Problem(root.toString(), Failures.describe(e), false));
    }
  }

  private static void take(
      Path file, BasicFileAttributes attributes, List<Source> files, List<Problem> problems) {
    if (attributes.isRegularFile()) {
      if (Files.isReadable(file)) {
        files.add(new Source(file, attributes.size()));
      } else {
        problems.add(new Problem(file.toString(), "permission denied", false));
      }
    } else if (attributes.isSymbolicLink()) {
      problems.add(new Problem(file.toString(), "a symbolic link; links are not followed", true));
    } else {
      problems.add(
          new Problem(file.toString(), "not a regular file (" + kind(file) + "); skipped", true));
    }
  }

  /** What kind of special file this is, from the file type bits of its mode. */
  static String kind(Path file) {
    try {
      int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      return switch (mode & 0170000) {
        case 0140000 -> "a socket";
        case 0060000 -> "a block device";
        case 0020000 -> "a character device";
        case 0010000 -> "a fifo";
        default -> "a special file";
      };
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "a special file";
    }
  }
}
