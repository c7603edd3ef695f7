package magnus.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a file's bytes lie in its data fragments. The code is systematic: data fragment i holds,
 * for each segment, block i of that segment as it is, so any range of the file can be read from the
 * data fragments without decoding (see {@link FragmentEncoder} for the layout). Why: a restore of a
 * small file that sits inside a large coded object then fetches a few kilobytes, not k whole
 * fragments; parity is needed only when a data fragment cannot be had.
 */
public final class DataRanges {

  private DataRanges() {}

  /**
   * A contiguous run of file bytes inside one data fragment.
   *
   * @param fragment the data fragment, 0..k-1
   * @param fragmentOffset where the run starts in that fragment
   * @param length bytes in the run
   * @param fileOffset where the run starts in the file
   */
  public record Piece(int fragment, long fragmentOffset, int length, long fileOffset) {}

  /**
   * The pieces that hold bytes {@code [offset, offset + length)} of a file, in file order.
   *
   * @param fileSize the whole file's size
   * @throws IllegalArgumentException if the range is not inside the file, or a parameter is out of
   *     range
   */
  public static List<Piece> of(long offset, long length, long fileSize, int k, int segmentSize) {
    CodeParameters.problem(k, CodeParameters.MAX_N)
        .ifPresent(
            p -> {
              throw new IllegalArgumentException(p);
            });
    FragmentEncoder.checkSegmentSize(segmentSize);
    if (offset < 0 || length < 0 || offset > fileSize || length > fileSize - offset) {
      throw new IllegalArgumentException(
          "bytes " + offset + " to " + (offset + length) + " are not inside a file of " + fileSize);
    }
    long fullBlock = FragmentEncoder.blockLength(segmentSize, k);
    List<Piece> pieces = new ArrayList<>();
    long pos = offset;
    long end = offset + length;
    while (pos < end) {
      long segment = pos / segmentSize;
      long segmentStart = segment * segmentSize;
      int segmentLength = (int) Math.min(segmentSize, fileSize - segmentStart);
      int block = FragmentEncoder.blockLength(segmentLength, k);
      int inSegment = (int) (pos - segmentStart);
      int fragment = inSegment / block;
      int inBlock = inSegment % block;
      // The last block of a segment can end in padding: a run stops at the segment's end too.
      long run = Math.min(Math.min(block - inBlock, segmentLength - inSegment), end - pos);
      pieces.add(new Piece(fragment, segment * fullBlock + inBlock, (int) run, pos));
      pos += run;
    }
    return pieces;
  }
}
