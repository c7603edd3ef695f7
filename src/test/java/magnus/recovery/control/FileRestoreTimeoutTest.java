package magnus.recovery.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import magnus.fragments.control.PeerCallException;
import org.junit.jupiter.api.Test;

class FileRestoreTimeoutTest {

  @Test
  void aHolderThatStopsAnsweringIsATimeoutNotACorruptFragment() {
    assertThat(FileRestore.timedOut(new TimeoutException())).isTrue();
    // Calls fail as PeerCallException, which says whether it was a timeout (RemoteFragments).
    PeerCallException slow =
        new PeerCallException("http://h", PeerCallException.Failure.TIMEOUT, 0, "slow", null);
    assertThat(FileRestore.timedOut(new ExecutionException(slow))).isTrue();
    PeerCallException refused =
        new PeerCallException("http://h", PeerCallException.Failure.REFUSED, 404, "gone", null);
    assertThat(FileRestore.timedOut(new ExecutionException(refused))).isFalse();
    assertThat(FileRestore.timedOut(new IOException(new java.net.SocketTimeoutException())))
        .isTrue();
    assertThat(FileRestore.timedOut(new IOException("connection reset"))).isFalse();
  }
}
