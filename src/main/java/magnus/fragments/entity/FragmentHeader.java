package magnus.fragments.entity;

/**
 * The header every fragment carries, on the wire and in the holder's FileDatabase. The holder
 * treats {@code metadata} as opaque bytes (base64 on the wire): it is the owner's, and a later
 * version encrypts it.
 *
 * @param owner peer id of the owner, whose file the fragment is part of
 * @param fileId the owner's id of the file (stable across versions of one path)
 * @param version the version of the file, from 1
 * @param index the fragment's index in the code, 0 to n-1
 * @param k fragments needed to rebuild the file
 * @param n fragments the file was cut into
 * @param fileSize size of the whole file in bytes
 * @param segmentSize bytes of file per codec segment
 * @param length bytes in this fragment
 * @param sha256 SHA-256 of the fragment's bytes, 64 lower-case hex digits
 * @param metadata owner-supplied metadata (path, mtime, mode), base64; opaque to the holder
 */
public record FragmentHeader(
    String owner,
    String fileId,
    int version,
    int index,
    int k,
    int n,
    long fileSize,
    int segmentSize,
    long length,
    String sha256,
    String metadata) {}
