package magnus.recovery.boundary;

/**
 * A drill that was started (POST /api/recovery, 202).
 *
 * @param run the run's number, as GET /api/recovery shows it
 * @param kind {@code drill}
 * @param destination the directory it restores into
 */
public record DrillStarted(long run, String kind, String destination) {}
