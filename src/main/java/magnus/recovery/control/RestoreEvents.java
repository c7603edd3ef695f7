package magnus.recovery.control;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * The fields of a restore's events ({@code docs/api.md}, POST /api/restores), as JSON-B records;
 * {@link magnus.host.control.EventStream} puts each kind's name in front.
 */
public final class RestoreEvents {

  private RestoreEvents() {}

  /** {@code start}: the version chosen and where it goes. */
  @JsonbPropertyOrder({"path", "version", "size", "to"})
  public record Start(String path, int version, long size, String to) {}

  /**
   * {@code corrupt} or {@code unavailable}: a fragment set aside, and another one used.
   *
   * @param cause {@code corrupt}, {@code timeout} or {@code failed}
   */
  @JsonbPropertyOrder({"peer", "index", "cause", "reason"})
  public record SetAside(String peer, int index, String cause, String reason) {}

  /** {@code done}: the file is in place. */
  @JsonbPropertyOrder({"path", "to", "bytes", "seconds"})
  public record Done(String path, String to, long bytes, double seconds) {}

  /** {@code failed}: nothing was written where the file goes. */
  @JsonbPropertyOrder({"reason"})
  public record Failed(String reason) {}
}
