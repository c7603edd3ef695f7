package magnus.cli.control;

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
}
