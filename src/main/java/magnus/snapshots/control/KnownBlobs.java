package magnus.snapshots.control;

import java.util.Arrays;

/**
 * A set of blob ids: the blobs an owner has stored, which a backup asks of every chunk it cuts ("is
 * it stored already?"), built once per run from the blob table in id order; and the blobs that some
 * snapshot references, which a prune keeps, gathered in any order as it walks the trees and then
 * {@linkplain #seal() sealed}. Read by one thread.
 *
 * <p>Why not a {@code HashSet<String>}: a 64-digit id as a string in a hash set costs about 170
 * bytes of heap, so a million blobs (a million small files) would take 170 MB of a peer whose heap
 * may be 256 MB. Here an id is its 32 bytes as four {@code long}s in one sorted array, 32 bytes
 * each (32 MB for a million), and a lookup is a binary search: 20 probes for a million.
 */
final class KnownBlobs {

  /** Longs per id: 256 bits. */
  private static final int WIDTH = 4;

  private long[] words;
  private int count;

  /** Whether the ids are in ascending order without repeats, as {@link #contains} needs. */
  private boolean sorted = true;

  KnownBlobs(int expected) {
    words = new long[Math.max(1, expected) * WIDTH];
  }

  /**
   * Adds an id; ids must come in ascending order.
   *
   * @throws IllegalArgumentException when {@code hex} is not 64 lower-case hex digits, or is not
   *     above the id added before it
   */
  void add(String hex) {
    if (!sorted) {
      throw new IllegalStateException("ids were added in any order: seal() before adding in order");
    }
    if ((count + 1) * WIDTH > words.length) {
      words = Arrays.copyOf(words, Math.max(WIDTH, words.length * 2));
    }
    int at = count * WIDTH;
    parse(hex, words, at);
    if (count > 0 && compare(words, at - WIDTH, words, at) >= 0) {
      throw new IllegalArgumentException(
          "blob ids out of order at " + hex + "; they must be added in ascending order");
    }
    count++;
  }

  /**
   * Adds an id, in any order and perhaps again; {@link #seal()} before asking {@link #contains}.
   *
   * @throws IllegalArgumentException when {@code hex} is not 64 lower-case hex digits
   */
  void addAny(String hex) {
    if ((count + 1) * WIDTH > words.length) {
      words = Arrays.copyOf(words, Math.max(WIDTH, words.length * 2));
    }
    parse(hex, words, count * WIDTH);
    count++;
    sorted = false;
  }

  /**
   * Sorts the ids added with {@link #addAny} and drops repeats. A heapsort: in place, so that a
   * million ids need no second copy of their 32 MB, and n log n whatever the order they came in.
   */
  void seal() {
    if (sorted) {
      return;
    }
    for (int i = count / 2 - 1; i >= 0; i--) {
      siftDown(i, count);
    }
    for (int end = count - 1; end > 0; end--) {
      swap(0, end);
      siftDown(0, end);
    }
    int kept = 0;
    for (int i = 0; i < count; i++) {
      if (kept == 0 || compare(words, (kept - 1) * WIDTH, words, i * WIDTH) != 0) {
        if (kept != i) {
          System.arraycopy(words, i * WIDTH, words, kept * WIDTH, WIDTH);
        }
        kept++;
      }
    }
    count = kept;
    sorted = true;
  }

  private void siftDown(int root, int n) {
    while (true) {
      int child = 2 * root + 1;
      if (child >= n) {
        return;
      }
      if (child + 1 < n && compare(words, child * WIDTH, words, (child + 1) * WIDTH) < 0) {
        child++;
      }
      if (compare(words, root * WIDTH, words, child * WIDTH) >= 0) {
        return;
      }
      swap(root, child);
      root = child;
    }
  }

  private void swap(int i, int j) {
    for (int w = 0; w < WIDTH; w++) {
      long t = words[i * WIDTH + w];
      words[i * WIDTH + w] = words[j * WIDTH + w];
      words[j * WIDTH + w] = t;
    }
  }

  /**
   * Whether {@code hex} was added; false for anything that is not an id.
   *
   * @throws IllegalStateException when ids were added in any order and not sealed since
   */
  boolean contains(String hex) {
    if (!sorted) {
      throw new IllegalStateException("ids were added in any order: seal() before contains()");
    }
    long[] key = new long[WIDTH];
    try {
      parse(hex, key, 0);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int low = 0;
    int high = count - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int c = compare(words, mid * WIDTH, key, 0);
      if (c < 0) {
        low = mid + 1;
      } else if (c > 0) {
        high = mid - 1;
      } else {
        return true;
      }
    }
    return false;
  }

  int size() {
    return count;
  }

  private static void parse(String hex, long[] into, int at) {
    if (hex == null || hex.length() != 16 * WIDTH) {
      throw new IllegalArgumentException("a blob id is 64 hex digits, not " + hex);
    }
    for (int i = 0; i < WIDTH; i++) {
      long word = 0;
      for (int j = i * 16; j < i * 16 + 16; j++) {
        char ch = hex.charAt(j);
        int digit;
        if (ch >= '0' && ch <= '9') {
          digit = ch - '0';
        } else if (ch >= 'a' && ch <= 'f') {
          digit = ch - 'a' + 10;
        } else {
          throw new IllegalArgumentException("a blob id is lower-case hex digits, not " + hex);
        }
        word = word << 4 | digit;
      }
      into[at + i] = word;
    }
  }

  /** Ids compare as unsigned numbers, which is the order of their lower-case hex digits. */
  private static int compare(long[] a, int i, long[] b, int j) {
    for (int w = 0; w < WIDTH; w++) {
      int c = Long.compareUnsigned(a[i + w], b[j + w]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
