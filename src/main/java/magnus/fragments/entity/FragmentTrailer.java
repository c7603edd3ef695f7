package magnus.fragments.entity;

/**
 * The part of a fragment's header that an owner may send after the fragment's bytes, once it has
 * read them: their SHA-256 and the owner's metadata. Already parsed from whatever form it travelled
 * in; the FileDatabase only checks the bytes against it.
 *
 * @param sha256 SHA-256 of the fragment's bytes, 64 lower-case hex digits
 * @param metadata the owner's metadata, base64, opaque to the holder; empty when there is none
 */
public record FragmentTrailer(String sha256, String metadata) {

  /** The trailer a complete header already carries. */
  public static FragmentTrailer of(FragmentHeader header) {
    return new FragmentTrailer(header.sha256(), header.metadata() == null ? "" : header.metadata());
  }

  /** The header with these fields in place of its own. */
  public FragmentHeader completing(FragmentHeader h) {
    return new FragmentHeader(
        h.owner(),
        h.fileId(),
        h.version(),
        h.index(),
        h.k(),
        h.n(),
        h.fileSize(),
        h.segmentSize(),
        h.length(),
        sha256,
        metadata);
  }
}
