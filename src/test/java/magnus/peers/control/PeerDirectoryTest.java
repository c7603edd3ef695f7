package magnus.peers.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import magnus.fragments.control.FragmentStore;
import magnus.host.control.Identity;
import magnus.host.control.Settings;
import magnus.peers.entity.PeerDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a peer publishes about itself: the room it really has, not the room it offers. A holder
 * whose disk was full used to publish its whole offer (10 GiB by default) and was chosen again and
 * again, each store failing with "No space left on device".
 */
class PeerDirectoryTest {

  /** An offer far beyond any disk: 1 PB. */
  static final long OFFER = 1_000_000_000_000_000L;

  @TempDir Path data;

  PeerDirectory directory(long offered, long held) {
    Settings settings =
        new Settings() {
          @Override
          public long capacityBytes() {
            return offered;
          }

          @Override
          public Path dataDirectory() {
            return data;
          }

          @Override
          public String failureDomain() {
            return "rack-1";
          }
        };
    PeerDirectory directory = new PeerDirectory();
    directory.settings = settings;
    directory.identity =
        new Identity() {
          @Override
          public String peerId() {
            return "0123456789abcdef0123456789abcdef";
          }

          @Override
          public String advertisedUrl() {
            return "http://127.0.0.1:8081";
          }
        };
    directory.fragments =
        new FragmentStore(settings) {
          @Override
          public long usedBytes() {
            return held; // the rows' sum, which this test has no database for
          }
        };
    return directory;
  }

  @Test
  void aPeerPublishesNoMoreRoomThanItsDiskHasWhateverItOffers() throws Exception {
    PeerDirectory directory = directory(OFFER, 0);
    PeerDescriptor self = directory.self();
    long disk = Files.getFileStore(data).getTotalSpace();
    assertThat(self.capacityBytes()).isEqualTo(OFFER);
    assertThat(self.freeBytes())
        .as("published free bytes of a peer offering 1 PB on a disk of %d bytes", disk)
        .isLessThanOrEqualTo(disk)
        .isPositive();
    // And what it lists as live, for placement, is the same descriptor.
    assertThat(directory.live()).containsExactly(self);
  }

  @Test
  void aPeerPublishesItsOfferLessWhatItHoldsWhenTheDiskHasMore() {
    long offered = 64L << 20;
    PeerDescriptor self = directory(offered, 10L << 20).self();
    assertThat(self.freeBytes()).isEqualTo(54L << 20);
    assertThat(directory(offered, offered + 5).self().freeBytes()).isZero();
  }
}
