package magnus.units;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How Magnus writes sizes, durations and times for people: the CLI, and the peer in its messages
 * and logs.
 */
public final class Units {
  private static final DateTimeFormatter LOCAL_MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

  private Units() {}

  /** Decimal units, as in the benchmarks and on disk labels: 1 MB = 10^6 bytes. */
  public static String bytes(long n) {
    if (n < 1000) {
      return n + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB", "PB", "EB"};
    double v = n;
    int u = -1;
    while (v >= 999.95 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** A duration such as {@code 45s}, {@code 3m05s} or {@code 2h07m}. */
  public static String duration(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
  }

  /** A time stamp to the minute in {@code zone}, such as {@code 2026-11-26 03:00}. */
  public static String minute(Instant t, ZoneId zone) {
    return LOCAL_MINUTE.format(t.atZone(zone));
  }
}
