package magnus.filemap.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The paths that backups running now were asked for. A backup claims its paths before it starts and
 * gives them back when it ends; a second backup of a claimed path, of a directory above one, or of
 * a path inside one is refused, so that no file is backed up by two backups at once.
 */
@ApplicationScoped
public class BusyPaths {

  private final List<Path> claimed = new ArrayList<>();

  /** The claimed paths, given back by {@link #close}. */
  public final class Claim implements AutoCloseable {
    private final List<Path> paths;

    private Claim(List<Path> paths) {
      this.paths = paths;
    }

    @Override
    public void close() {
      synchronized (BusyPaths.this) {
        paths.forEach(claimed::remove);
      }
    }
  }

  /**
   * Whether no backup runs now. The Recovery Manager asks before it takes fragments on holders with
   * an empty FileMap for a lost disk: a first backup's fragments are stored before it records them.
   */
  public synchronized boolean idle() {
    return claimed.isEmpty();
  }

  /**
   * Claims absolute, normalized paths for one backup.
   *
   * @throws PathBusyException naming the first path that overlaps one claimed already
   */
  public synchronized Claim claim(List<Path> paths) throws PathBusyException {
    for (Path p : paths) {
      for (Path c : claimed) {
        if (p.startsWith(c) || c.startsWith(p)) {
          throw new PathBusyException(p, c);
        }
      }
    }
    List<Path> mine = List.copyOf(paths);
    claimed.addAll(mine);
    return new Claim(mine);
  }
}
