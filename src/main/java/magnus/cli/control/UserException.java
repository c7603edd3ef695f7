package magnus.cli.control;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * Bad input from the operator: the message names the problem and the fix, and is printed as one
 * line without a stack trace.
 */
public final class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserException(String message) {
    super(message);
  }

  public UserException(String message, Throwable cause) {
    super(message, cause);
  }

  /** One line for an I/O failure: what went wrong and on which file, without the class name. */
  public static String describe(IOException e) {
    if (e instanceof NoSuchFileException f) {
      return "no such file or directory: " + f.getFile();
    }
    if (e instanceof AccessDeniedException f) {
      return "permission denied: " + f.getFile() + "; check its permissions";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason() + (f.getFile() == null ? "" : ": " + f.getFile());
    }
    return "I/O error: " + e.getMessage();
  }
}
