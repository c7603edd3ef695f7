package magnus.codec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The known-answer vectors in {@code codec/zfec-vectors.txt}, made by zfec (make-vectors.py). */
final class ZfecVectors {

  /** One stripe: k data blocks and zfec's n - k parity shares. */
  record Stripe(int k, int n, int len, byte[][] data, byte[][] parity) {
    byte[][] shares() {
      byte[][] all = new byte[n][];
      System.arraycopy(data, 0, all, 0, k);
      System.arraycopy(parity, 0, all, k, n - k);
      return all;
    }

    @Override
    public String toString() {
      return "stripe(k=" + k + ", n=" + n + ", len=" + len + ")";
    }
  }

  /** One file through the segment format: its bytes and zfec's n fragments. */
  record FileVector(int k, int n, int segmentSize, byte[] data, byte[][] fragments) {
    @Override
    public String toString() {
      return "file(k=" + k + ", n=" + n + ", segment=" + segmentSize + ", len=" + data.length + ")";
    }
  }

  static final List<Stripe> STRIPES = new ArrayList<>();
  static final List<FileVector> FILES = new ArrayList<>();

  static {
    try (InputStream in = ZfecVectors.class.getResourceAsStream("/codec/zfec-vectors.txt")) {
      if (in == null) {
        throw new IllegalStateException("codec/zfec-vectors.txt is missing");
      }
      BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      List<String> lines = new ArrayList<>();
      for (String line; (line = reader.readLine()) != null; ) {
        if (!line.startsWith("#") && !line.isBlank()) {
          lines.add(line);
        }
      }
      for (int i = 0; i < lines.size(); ) {
        String[] head = lines.get(i++).split(" ");
        int k = Integer.parseInt(head[1]);
        int n = Integer.parseInt(head[2]);
        if (head[0].equals("stripe")) {
          int len = Integer.parseInt(head[3]);
          byte[][] data = new byte[k][];
          for (int j = 0; j < k; j++) {
            data[j] = field(lines.get(i++), "d");
          }
          byte[][] parity = new byte[n - k][];
          for (int j = 0; j < n - k; j++) {
            parity[j] = field(lines.get(i++), "p");
          }
          STRIPES.add(new Stripe(k, n, len, data, parity));
        } else if (head[0].equals("file")) {
          int segment = Integer.parseInt(head[3]);
          byte[] data = field(lines.get(i++), "f");
          if (data.length != Integer.parseInt(head[4])) {
            throw new IllegalStateException(
                "file vector length mismatch at " + String.join(" ", head));
          }
          byte[][] fragments = new byte[n][];
          for (int j = 0; j < n; j++) {
            fragments[j] = field(lines.get(i++), "s");
          }
          FILES.add(new FileVector(k, n, segment, data, fragments));
        } else {
          throw new IllegalStateException("unexpected line " + String.join(" ", head));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ZfecVectors() {}

  private static byte[] field(String line, String tag) {
    String[] parts = line.split(" ");
    if (parts.length != 2 || !parts[0].equals(tag)) {
      throw new IllegalStateException("expected '" + tag + " HEX', got " + line);
    }
    return parts[1].equals("-") ? new byte[0] : HexFormat.of().parseHex(parts[1]);
  }
}
