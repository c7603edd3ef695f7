package magnus.cli.control;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Paths as the operator types them, made absolute against the CLI's working directory: the peer
 * knows only absolute paths, and its own working directory is not the operator's.
 */
public final class LocalPaths {
  private LocalPaths() {}

  /**
   * {@code path} made absolute and normalised ({@code .} and {@code ..} removed); symbolic links
   * are left alone, since the peer backs up the path as named.
   *
   * @throws UserException when {@code path} is empty or not a valid path
   */
  public static String absolute(String path) {
    if (path.isEmpty()) {
      throw new UserException("an empty path was given; give a file or directory path");
    }
    try {
      return Path.of(path).toAbsolutePath().normalize().toString();
    } catch (InvalidPathException e) {
      throw new UserException("'" + path + "' is not a valid path: " + e.getReason());
    }
  }

  /**
   * Like {@link #absolute}, but a trailing '/' is kept: as a listing prefix, {@code /srv/data/}
   * means what is inside the directory, while {@code /srv/data} also matches {@code /srv/database}.
   */
  public static String prefix(String path) {
    String abs = absolute(path);
    return (path.endsWith("/") || path.equals(".") || path.endsWith("/.")) && !abs.endsWith("/")
        ? abs + "/"
        : abs;
  }
}
