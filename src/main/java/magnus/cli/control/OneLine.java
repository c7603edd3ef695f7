package magnus.cli.control;

/**
 * Folds a message onto one line: the CLI's errors are one line each, so that a script can read them
 * with {@code head -1} and a log keeps one record per failure.
 */
public final class OneLine {
  private OneLine() {}

  /** The message with every line break and the white space around it turned into "; ". */
  public static String of(String message) {
    return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
