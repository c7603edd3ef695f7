package magnus.filemap.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.Objects;

/** Where one fragment of a file version lives: its index in the code and the peer holding it. */
@Embeddable
public class FragmentLocation {

  @Min(0)
  @Max(255)
  @Column(name = "fragment_index", nullable = false)
  private int fragmentIndex;

  @NotBlank
  @Column(name = "peer_id", nullable = false)
  private String peerId;

  @Min(0)
  @Column(nullable = false)
  private long length;

  @Pattern(regexp = "[0-9a-f]{64}", message = "must be 64 lower-case hex digits")
  @Column(nullable = false, columnDefinition = "CHAR(64)")
  private String sha256;

  protected FragmentLocation() {}

  /**
   * @param fragmentIndex the fragment's index in the code, 0..n-1
   * @param peerId the peer holding it
   * @param length bytes in the fragment
   * @param sha256 the fragment's SHA-256, checked on every restore
   */
  public FragmentLocation(int fragmentIndex, String peerId, long length, String sha256) {
    this.fragmentIndex = fragmentIndex;
    this.peerId = peerId;
    this.length = length;
    this.sha256 = sha256;
  }

  public long length() {
    return length;
  }

  public String sha256() {
    return sha256;
  }

  public int fragmentIndex() {
    return fragmentIndex;
  }

  public String peerId() {
    return peerId;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FragmentLocation other
        && fragmentIndex == other.fragmentIndex
        && peerId.equals(other.peerId)
        && length == other.length
        && Objects.equals(sha256, other.sha256);
  }

  @Override
  public int hashCode() {
    return Objects.hash(fragmentIndex, peerId, length, sha256);
  }

  @Override
  public String toString() {
    return fragmentIndex + "@" + peerId;
  }
}
