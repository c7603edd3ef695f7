package magnus.recovery.control;

/** A recovery run was asked for while another one is not done. */
public class RunActiveException extends Exception {
  private static final long serialVersionUID = 1L;

  private final long runId;

  public RunActiveException(long runId) {
    super("recovery run " + runId + " is not done yet; see bin/magnus recovery status");
    this.runId = runId;
  }

  /** The run that is not done. */
  public long runId() {
    return runId;
  }
}
