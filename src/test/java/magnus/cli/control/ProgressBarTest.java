package magnus.cli.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import magnus.units.Units;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  private long now = 1_000_000_000L;
  private final StringWriter err = new StringWriter();
  private final StringWriter out = new StringWriter();

  private ProgressBar bar(boolean terminal) {
    return new ProgressBar(new PrintWriter(err, true), terminal, () -> now);
  }

  private void advanceMillis(long ms) {
    now += ms * 1_000_000L;
  }

  @Test
  void aTerminalGetsABarRedrawnInPlaceAtMostFiveTimesASecond() {
    ProgressBar p = bar(true);
    p.update(0, 10_000_000);
    assertThat(err.toString()).isEqualTo("\r[------------------------]   0% 0 B of 10.0 MB\033[K");
    advanceMillis(100);
    p.update(1_000_000, 10_000_000);
    assertThat(err.toString()).doesNotContain("10%"); // too soon after the last redraw
    advanceMillis(1900);
    p.update(5_000_000, 10_000_000);
    assertThat(err.toString())
        .endsWith("\r[############------------]  50% 5.0 MB of 10.0 MB, 2.5 MB/s, 2s left\033[K");
    p.finish();
    assertThat(err.toString()).endsWith("\r\033[K");
    assertThat(err.toString()).doesNotContain("\n");
  }

  @Test
  void linesPrintedMeanwhileGoAboveTheBar() {
    ProgressBar p = bar(true);
    p.update(0, 100);
    p.println(new PrintWriter(out, true), "stored  /a  (version 1, 100 B)");
    assertThat(out.toString()).isEqualTo("stored  /a  (version 1, 100 B)" + System.lineSeparator());
    // The bar was erased before the line and redrawn after it.
    assertThat(err.toString()).contains("\033[K\r\033[K\r[---");
  }

  @Test
  void aLogGetsAPlainLineEveryFiveSecondsAndNothingForShortRuns() {
    ProgressBar p = bar(false);
    p.update(0, 4_000_000);
    advanceMillis(4_000);
    p.update(1_000_000, 4_000_000);
    assertThat(err.toString()).isEmpty();
    advanceMillis(1_000);
    p.update(2_000_000, 4_000_000);
    assertThat(err.toString())
        .isEqualTo("progress:  50% 2.0 MB of 4.0 MB, 400.0 kB/s, 5s left" + System.lineSeparator());
    advanceMillis(100);
    p.update(3_000_000, 4_000_000);
    p.println(new PrintWriter(out, true), "a line");
    p.finish();
    assertThat(err.toString()).doesNotContain("\r").hasLineCount(1);
  }

  @Test
  void statusLeavesOutWhatIsNotKnown() {
    ProgressBar p = bar(true);
    assertThat(p.status(now)).isEqualTo("0 B");
    p.update(0, 0);
    assertThat(p.status(now)).isEqualTo("0 B of 0 B");
    advanceMillis(10_000);
    p.update(2_500, 2_500);
    assertThat(p.status(now)).isEqualTo("100% 2.5 kB of 2.5 kB, 250 B/s");
  }

  @Test
  void streamsCountTheirBytesAndTheSummarySaysHowFastItWent() throws IOException {
    ProgressBar p = bar(true);
    p.update(0, 3_000_000);
    byte[] data = new byte[1_000_000];
    try (InputStream in = p.counting(new ByteArrayInputStream(data))) {
      assertThat(in.readAllBytes()).hasSize(1_000_000);
    }
    try (OutputStream out = p.counting(OutputStream.nullOutputStream())) {
      advanceMillis(1000);
      out.write(data);
      out.write(data, 0, 999_999);
      out.write(7);
    }
    // Redrawn when the first write came a second later; the writes after it came too soon.
    assertThat(err.toString())
        .endsWith("\r[################--------]  66% 2.0 MB of 3.0 MB, 2.0 MB/s, 1s left\033[K");
    advanceMillis(1000);
    p.finish();
    // ... but counted: every byte is in the summary.
    assertThat(p.summary()).isEqualTo("3.0 MB in 2.00 s (1.5 MB/s)");
  }

  @Test
  void unitsAreDecimalAndDurationsShort() {
    assertThat(Units.bytes(999)).isEqualTo("999 B");
    assertThat(Units.bytes(1000)).isEqualTo("1.0 kB");
    assertThat(Units.bytes(999_999)).isEqualTo("1.0 MB");
    assertThat(Units.bytes(10_737_418_240L)).isEqualTo("10.7 GB");
    assertThat(Units.duration(59)).isEqualTo("59s");
    assertThat(Units.duration(185)).isEqualTo("3m05s");
    assertThat(Units.duration(7620)).isEqualTo("2h07m");
  }

  @Test
  void tablesAlignColumnsAndLeaveNoTrailingBlanks() {
    Table t = new Table("PATH", ">SIZE", "HEALTH");
    t.row("/a/long/path", "1.0 kB", "5/5");
    t.row("/b", "12 B", "");
    t.print(new PrintWriter(out, true));
    assertThat(out.toString().lines())
        .containsExactly(
            "PATH            SIZE  HEALTH", "/a/long/path  1.0 kB  5/5", "/b              12 B");
  }
}
