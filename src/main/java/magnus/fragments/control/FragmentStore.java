package magnus.fragments.control;

import jakarta.enterprise.context.ApplicationScoped;

/** The FileDatabase's storage logic. Outline: filled in with the fragment store. */
@ApplicationScoped
public class FragmentStore {

  /** Bytes of fragments held for others now, counted against the offered capacity. */
  public long usedBytes() {
    return 0;
  }
}
