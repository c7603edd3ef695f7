package magnus.filemap.entity;

import magnus.fragments.entity.FragmentHeader;

/**
 * One fragment found on a holder during a FileMap rebuild: the holder, the header, and the owner's
 * metadata read back out of the header.
 */
public record FoundFragment(String holder, FragmentHeader header, OwnerMetadata owner) {

  /**
   * Reads the owner's metadata out of a header.
   *
   * @throws IllegalArgumentException when the metadata is not the owner's; the message names the
   *     fragment
   */
  public static FoundFragment of(String holder, FragmentHeader header) {
    try {
      return new FoundFragment(holder, header, OwnerMetadata.decode(header.metadata()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "fragment " + header.fileId() + "/" + header.version() + ": " + e.getMessage(), e);
    }
  }
}
