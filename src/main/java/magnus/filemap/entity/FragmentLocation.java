package magnus.filemap.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
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

  protected FragmentLocation() {}

  public FragmentLocation(int fragmentIndex, String peerId) {
    this.fragmentIndex = fragmentIndex;
    this.peerId = peerId;
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
        && peerId.equals(other.peerId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(fragmentIndex, peerId);
  }

  @Override
  public String toString() {
    return fragmentIndex + "@" + peerId;
  }
}
