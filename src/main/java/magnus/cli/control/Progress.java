package magnus.cli.control;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Reports how far a long operation has got on stderr: bytes done of the total and the rate.
 *
 * <p>On a terminal it redraws one line a few times a second; otherwise (a log, a pipe) it prints a
 * compact line every {@link #QUIET_INTERVAL_NANOS}, so short runs print only the closing summary.
 * Whether stderr is a terminal is told by the launcher through the environment variable {@value
 * #TTY_VARIABLE} (set to 1 by {@code bin/magnus} when it is); without it the compact form is used.
 */
public final class Progress {
  public static final String TTY_VARIABLE = "MAGNUS_STDERR_TTY";
  static final long TTY_INTERVAL_NANOS = 200_000_000L;
  static final long QUIET_INTERVAL_NANOS = 5_000_000_000L;

  private final String label;
  private final long total;
  private final PrintWriter err;
  private final boolean terminal;
  private final long start;
  private long done;
  private long lastReport;
  private boolean drewLine;

  public Progress(String label, long total, PrintWriter err, boolean terminal) {
    this.label = label;
    this.total = total;
    this.err = err;
    this.terminal = terminal;
    this.start = System.nanoTime();
    this.lastReport = start;
  }

  /** True when the launcher said stderr is a terminal. */
  public static boolean stderrIsTerminal() {
    return "1".equals(System.getenv(TTY_VARIABLE));
  }

  public void advance(long bytes) {
    done += bytes;
    long now = System.nanoTime();
    long interval = terminal ? TTY_INTERVAL_NANOS : QUIET_INTERVAL_NANOS;
    if (now - lastReport >= interval) {
      lastReport = now;
      if (terminal) {
        err.print("\r" + status(now) + "\033[K");
        drewLine = true;
      } else {
        err.println(status(now));
      }
      err.flush();
    }
  }

  /** Prints the closing summary line. */
  public void finish() {
    long now = System.nanoTime();
    if (drewLine) {
      err.print("\r\033[K"); // back to the line's start, and clear it
    }
    double seconds = Math.max(now - start, 1) / 1e9;
    err.println(
        String.format(
            Locale.ROOT,
            "%s: %s in %.2f s (%s/s)",
            label,
            bytes(done),
            seconds,
            bytes((long) (done / seconds))));
    err.flush();
  }

  private String status(long now) {
    double seconds = Math.max(now - start, 1) / 1e9;
    String percent = total > 0 ? String.format(Locale.ROOT, " (%.0f%%)", 100.0 * done / total) : "";
    return String.format(
        Locale.ROOT,
        "%s: %s / %s%s, %s/s",
        label,
        bytes(done),
        bytes(total),
        percent,
        bytes((long) (done / seconds)));
  }

  static String bytes(long n) {
    return Units.bytes(n);
  }

  /** Counts the bytes read through it. */
  public InputStream counting(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
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
        long s = super.skip(n);
        advance(s);
        return s;
      }
    };
  }

  /** Counts the bytes written through it. */
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
}
