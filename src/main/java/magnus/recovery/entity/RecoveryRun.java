package magnus.recovery.entity;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A recovery run: a whole-host recovery or a drill, and how far it got. */
@Entity
@Cacheable(false)
@Table(name = "recovery_run")
public class RecoveryRun {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  /** {@link RunKind#wire}: the migration's CHECK constraint holds these words. */
  @Column(nullable = false)
  private String kind;

  /** The directory a drill restores into; null for a whole-host recovery. */
  private String destination;

  /** {@link Phase#wire}. */
  @Column(nullable = false)
  private String phase;

  @Column(name = "started_at", nullable = false)
  private Instant startedAt;

  @Column(name = "finished_at")
  private Instant finishedAt;

  protected RecoveryRun() {}

  public RecoveryRun(RunKind kind, String destination, Phase phase) {
    this.kind = kind.wire();
    this.destination = destination;
    this.phase = phase.wire();
    this.startedAt = Instant.now();
  }

  public long id() {
    return id;
  }

  public RunKind kind() {
    return RunKind.of(kind);
  }

  public String destination() {
    return destination;
  }

  public Phase phase() {
    return Phase.of(phase);
  }

  public Instant startedAt() {
    return startedAt;
  }

  public Instant finishedAt() {
    return finishedAt;
  }

  /** Moves the run on; {@link Phase#DONE} records when it finished. */
  public void phase(Phase next) {
    this.phase = next.wire();
    this.finishedAt = next == Phase.DONE ? Instant.now() : null;
  }
}
