package magnus.cli.control;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The progress of a backup or restore as the peer reports it: bytes done of the total, the share
 * done, the rate and the time left, on stderr.
 *
 * <p>On a terminal it is a bar redrawn in place at most every {@link #TTY_INTERVAL_NANOS}; lines
 * that other output prints meanwhile go above it ({@link #println}). Elsewhere (a log, a pipe) it
 * is a plain line at most every {@link #QUIET_INTERVAL_NANOS}, so that logs stay short: the
 * per-file lines of a backup already mark the file boundaries. The rate is the average since the
 * first bytes arrived, which is steadier than the latest interval's.
 */
public final class ProgressBar {
  static final long TTY_INTERVAL_NANOS = 200_000_000L;
  static final long QUIET_INTERVAL_NANOS = 5_000_000_000L;
  static final int BAR_WIDTH = 24;

  private final PrintWriter err;
  private final boolean terminal;
  private final LongSupplier clock;
  private final long start;
  private long lastShown;
  private boolean shownOnce;
  private boolean drawn;
  private long done;
  private long total = -1;
  private String text;

  /**
   * @param clock nanoseconds, as {@link System#nanoTime}
   */
  public ProgressBar(PrintWriter err, boolean terminal, LongSupplier clock) {
    this.err = err;
    this.terminal = terminal;
    this.clock = clock;
    this.start = clock.getAsLong();
    this.lastShown = start;
  }

  public ProgressBar(PrintWriter err, boolean terminal) {
    this(err, terminal, System::nanoTime);
  }

  /** Records how far the operation has got, and shows it if the last showing is old enough. */
  public void update(long doneBytes, long totalBytes) {
    done = doneBytes;
    total = totalBytes;
    long now = clock.getAsLong();
    // A terminal shows the first update at once; a log waits a full interval, so that a short run
    // prints no progress line at all.
    long interval = terminal ? TTY_INTERVAL_NANOS : QUIET_INTERVAL_NANOS;
    if ((terminal && !shownOnce) || now - lastShown >= interval) {
      lastShown = now;
      shownOnce = true;
      show(now);
    }
  }

  /**
   * Like {@link #update(long, long)}, but shows {@code status} after the bar instead of the bytes,
   * rate and time left that the bar works out itself: for progress that another party measures.
   */
  public void update(long doneUnits, long totalUnits, String status) {
    text = status;
    update(doneUnits, totalUnits);
  }

  /** Prints {@code line} on {@code stream} above the bar, which is redrawn below it. */
  public void println(PrintWriter stream, String line) {
    boolean redraw = drawn;
    erase();
    stream.println(line);
    stream.flush();
    if (redraw) {
      show(clock.getAsLong());
    }
  }

  /** Removes the bar from the terminal; call it before the closing lines. */
  public void finish() {
    erase();
  }

  private void erase() {
    if (drawn) {
      err.print("\r\033[K"); // back to the line's start, and clear it
      err.flush();
      drawn = false;
    }
  }

  private void show(long now) {
    if (terminal) {
      err.print("\r" + bar(now) + "\033[K");
      drawn = true;
    } else {
      err.println("progress: " + status(now));
    }
    err.flush();
  }

  /** The terminal form: {@code [#########---------------] 37% 12.3 MB of 33.0 MB, ...}. */
  String bar(long now) {
    int filled = total > 0 ? (int) Math.min(BAR_WIDTH, BAR_WIDTH * done / total) : 0;
    return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] " + status(now);
  }

  /** {@code 37% 12.3 MB of 33.0 MB, 4.1 MB/s, 5s left}, leaving out what is not known yet. */
  String status(long now) {
    if (text != null) {
      return text;
    }
    StringBuilder s = new StringBuilder();
    if (total > 0) {
      s.append(String.format(Locale.ROOT, "%3d%% ", Math.min(100, 100 * done / total)));
    }
    s.append(Units.bytes(done));
    if (total >= 0) {
      s.append(" of ").append(Units.bytes(total));
    }
    double seconds = (now - start) / 1e9;
    if (done > 0 && seconds > 0) {
      double rate = done / seconds;
      s.append(", ").append(Units.bytes((long) rate)).append("/s");
      if (total > done) {
        s.append(", ").append(Units.duration((long) Math.ceil((total - done) / rate)));
        s.append(" left");
      }
    }
    return s.toString();
  }
}
