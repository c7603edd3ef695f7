package magnus.host.control;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** Words a failure for a person: one line, without exception class names where possible. */
public final class Failures {

  private Failures() {}

  /**
   * The innermost cause's message, past the wrappers of asynchronous calls; the usual file system
   * failures in plain words.
   */
  public static String describe(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof TimeoutException && e.getMessage() == null) {
      return "no answer in time";
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
