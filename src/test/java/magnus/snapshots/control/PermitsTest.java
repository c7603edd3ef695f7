package magnus.snapshots.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PermitsTest {

  @Test
  void backupsAndRestoresShareAndAPruneWaitsForAllOfThem() throws Exception {
    Permits permits = new Permits();
    Permits.Permit backup = permits.shared(Permits.Work.BACKUP);
    Permits.Permit restore = permits.shared(Permits.Work.RESTORE);
    assertThatThrownBy(permits::exclusive)
        .isInstanceOf(Permits.BusyException.class)
        .hasMessage(
            "2 snapshot backups, restores or forgets are running on this peer; prune when they"
                + " have finished");
    backup.close();
    backup.close(); // a second close gives nothing back twice
    assertThatThrownBy(permits::exclusive)
        .hasMessageStartingWith("1 snapshot backup, restore or forget is running");
    restore.close();
    Permits.Permit prune = permits.exclusive();
    assertThatThrownBy(() -> permits.shared(Permits.Work.BACKUP))
        .isInstanceOf(Permits.BusyException.class)
        .hasMessage(
            "a prune is running on this peer, and a snapshot backup must wait for it; try again"
                + " when it has finished");
    assertThatThrownBy(permits::exclusive).hasMessageContaining("a prune is already running");
    prune.close();
    assertThat(permits.shared(Permits.Work.FORGET)).isNotNull();
  }

  @Test
  void aBackupWaitsForTheSweepInsteadOfBeingRefused() throws Exception {
    Permits permits = new Permits();
    Permits.Permit sweep = permits.exclusive(Permits.Work.SWEEP);
    java.util.concurrent.atomic.AtomicBoolean ended =
        new java.util.concurrent.atomic.AtomicBoolean();
    Thread ender =
        new Thread(
            () -> {
              try {
                Thread.sleep(300);
              } catch (InterruptedException e) {
                return;
              }
              ended.set(true);
              sweep.close();
            });
    ender.start();
    Permits.Permit backup = permits.shared(Permits.Work.BACKUP);
    assertThat(ended).isTrue(); // given only once the sweep had ended
    assertThatThrownBy(() -> permits.exclusive(Permits.Work.SWEEP))
        .hasMessageStartingWith("1 snapshot backup, restore or forget is running")
        .hasMessageEndingWith("try again when they have finished");
    backup.close();
  }
}
