package magnus.cli.control;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;
import magnus.units.Units;

/**
 * The CLI's one progress renderer, on stderr: bytes done of the total, the share done, the rate and
 * the time left, of a backup or restore as the peer reports it ({@link #update}), of a recovery run
 * with the peer's own text ({@link #update(long, long, String)}), or of a local codec run counted
 * through its streams ({@link #counting(InputStream)}).
 *
 * <p>On a terminal it is a bar redrawn in place at most every {@link #TTY_INTERVAL_NANOS}; lines
 * that other output prints meanwhile go above it ({@link #println}). Elsewhere (a log, a pipe) it
 * is a plain line at most every {@link #QUIET_INTERVAL_NANOS}, so that logs stay short: the
 * per-file lines of a backup already mark the file boundaries. The rate is the average since the
 * first bytes arrived, which is steadier than the latest interval's.
 *
 * <p>Whether stderr is a terminal is told by {@code bin/magnus} through the environment variable
 * {@value #TTY_VARIABLE} (1 when it is); without it the plain form is used.
 */
public final class ProgressBar {
  public static final String TTY_VARIABLE = "MAGNUS_STDERR_TTY";

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

  /** Counts {@code bytes} more done, of the total last given to {@link #update}. */
  public void advance(long bytes) {
    update(done + bytes, total);
  }

  /** {@code in}, counting the bytes read through it ({@link #advance}). */
  public InputStream counting(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
          advance(1);
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int r = in.read(buf, off, len);
        if (r > 0) {
          advance(r);
        }
        return r;
      }

      @Override
      public long skip(long n) throws IOException {
        long s = in.skip(n);
        advance(s);
        return s;
      }
    };
  }

  /** {@code out}, counting the bytes written through it ({@link #advance}). */
  public OutputStream counting(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        out.write(b);
        advance(1);
      }

      @Override
      public void write(byte[] buf, int off, int len) throws IOException {
        out.write(buf, off, len);
        advance(len);
      }
    };
  }

  /** What was done since the start: {@code 12.3 MB in 3.01 s (4.1 MB/s)}. */
  public String summary() {
    double seconds = Math.max(clock.getAsLong() - start, 1) / 1e9;
    return String.format(
        Locale.ROOT,
        "%s in %.2f s (%s/s)",
        Units.bytes(done),
        seconds,
        Units.bytes((long) (done / seconds)));
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
