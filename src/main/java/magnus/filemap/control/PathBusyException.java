package magnus.filemap.control;

import java.nio.file.Path;

/** A backup was asked for a path that a backup running now covers too. */
public class PathBusyException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Path requested;
  private final transient Path running;

  public PathBusyException(Path requested, Path running) {
    super(
        "a backup of "
            + running
            + " is running"
            + (requested.equals(running) ? "" : ", which overlaps " + requested)
            + "; wait for it to end, then back up "
            + requested
            + " again");
    this.requested = requested;
    this.running = running;
  }

  /** The path asked for. */
  public Path requested() {
    return requested;
  }

  /** The path of the backup that is running. */
  public Path running() {
    return running;
  }
}
