package magnus.host.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PipeTest {

  @Test
  void handsEveryByteOverInOrderThenEnds() throws Exception {
    Pipe pipe = new Pipe(2, 10);
    byte[] data = new byte[1 << 20];
    new Random(7).nextBytes(data);
    CompletableFuture<byte[]> read =
        CompletableFuture.supplyAsync(
            () -> {
              try (InputStream in = pipe.source()) {
                return in.readAllBytes();
              } catch (IOException e) {
                throw new RuntimeException(e);
              }
            });
    OutputStream out = pipe.sink();
    for (int off = 0; off < data.length; off += 1000) {
      out.write(data, off, Math.min(1000, data.length - off));
    }
    out.close();
    assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(data);
    assertThat(pipe.abandoned()).isNull();
  }

  @Test
  void anAbandonedPipeNeverBlocksTheWriterAndFailsTheReader() throws Exception {
    Pipe pipe = new Pipe(1, 10);
    OutputStream out = pipe.sink();
    out.write(new byte[10]);
    pipe.abandon("the peer went away");
    for (int i = 0; i < 100; i++) {
      out.write(new byte[10]); // would block on a full queue if the pipe were not abandoned
    }
    out.close();
    assertThatThrownBy(() -> pipe.source().read(new byte[10]))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("the peer went away");
  }

  @Test
  void aReaderThatStopsReadingIsGivenUpAfterTheStallTime() throws Exception {
    Pipe pipe = new Pipe(1, 1);
    OutputStream out = pipe.sink();
    out.write(new byte[10]);
    out.write(new byte[10]); // nobody reads: waits a second, then gives the pipe up
    assertThat(pipe.abandoned()).contains("stopped reading");
  }

  @Test
  void aReaderClosingEarlyAbandonsThePipe() throws Exception {
    Pipe pipe = new Pipe(4, 10);
    pipe.sink().write(new byte[10]);
    InputStream in = pipe.source();
    assertThat(in.read()).isZero();
    in.close();
    assertThat(pipe.abandoned()).contains("closed its stream early");
  }
}
