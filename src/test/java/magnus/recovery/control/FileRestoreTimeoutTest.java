package magnus.recovery.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class FileRestoreTimeoutTest {

  @Test
  void aHolderThatStopsAnsweringIsATimeoutNotACorruptFragment() {
    assertThat(FileRestore.timedOut(new TimeoutException())).isTrue();
    assertThat(FileRestore.timedOut(new ExecutionException(new HttpTimeoutException("slow"))))
        .isTrue();
    assertThat(FileRestore.timedOut(new IOException(new java.net.SocketTimeoutException())))
        .isTrue();
    assertThat(FileRestore.timedOut(new IOException("connection reset"))).isFalse();
  }
}
