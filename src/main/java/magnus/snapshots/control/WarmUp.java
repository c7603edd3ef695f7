package magnus.snapshots.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.SplittableRandom;
import java.util.logging.Logger;
import magnus.codec.ReedSolomon;
import magnus.host.control.Settings;
import magnus.packs.ChunkKeys;
import magnus.packs.Chunker;

/**
 * Runs the owner's computing paths once on made-up bytes as the peer starts: the codec's kernel,
 * the chunker, the chunk ids' HMAC and SHA-256, on some 32 MiB, so that the JIT compiles them
 * before the first real backup needs them.
 *
 * <p>Why: the codec's vector kernel runs hundreds of times slower until the JIT has compiled it
 * (the Vector API falls back to plain Java), and a first backup of 4,380 small files on a new
 * network took 6.0 s on the peer, against 1.6 s for the same work once the peer was warm
 * (BENCHMARKS.md). The made-up bytes never leave this class.
 */
@ApplicationScoped
public class WarmUp {

  static final Logger LOG = Logger.getLogger(WarmUp.class.getName());

  /** Stripes of one segment coded, and mebibytes chunked and hashed. */
  static final int ROUNDS = 32;

  @Inject Settings settings;

  @Resource ManagedExecutorService executor;

  void atStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
    if (!settings.warmUp()) {
      return;
    }
    executor.execute(this::run);
  }

  void run() {
    long t0 = System.nanoTime();
    try {
      run(settings.defaultK(), settings.defaultN());
      LOG.fine(() -> "warmed up in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    } catch (RuntimeException | IOException | NoSuchAlgorithmException e) {
      // Only the first backup's speed is at stake.
      LOG.info(() -> "the warm-up stopped: " + e);
    }
  }

  /** The work itself; returns a value made of every result, so that none is optimized away. */
  static long run(int k, int n) throws IOException, NoSuchAlgorithmException {
    SplittableRandom random = new SplittableRandom(k * 31L + n);
    byte[] segment = new byte[1 << 20];
    for (int i = 0; i < segment.length; i += 8) {
      long r = random.nextLong();
      for (int j = 0; j < 8; j++) {
        segment[i + j] = (byte) (r >>> (8 * j));
      }
    }
    long seen = 0;
    ReedSolomon code = ReedSolomon.of(k, n);
    int block = (segment.length + k - 1) / k;
    byte[][] data = new byte[k][block];
    for (int i = 0; i < k; i++) {
      System.arraycopy(
          segment, i * block, data[i], 0, Math.max(0, Math.min(block, segment.length - i * block)));
    }
    byte[][] parity = new byte[n - k][block];
    for (int round = 0; round < ROUNDS; round++) {
      if (n > k) {
        code.encodeParity(data, 0, block, parity, 0);
        seen += parity[0][round];
      }
    }
    byte[] key = new byte[32];
    random.nextBytes(key);
    ChunkKeys keys = ChunkKeys.from(key);
    InputStream in =
        new SequenceInputStream(
            Collections.enumeration(
                Collections.nCopies(ROUNDS, segment).stream()
                    .map(s -> (InputStream) new ByteArrayInputStream(s))
                    .toList()));
    Chunker chunker = new Chunker(keys.gear(), in, (long) ROUNDS * segment.length);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (Chunker.Chunk c = chunker.next(); c != null; c = chunker.next()) {
      seen += keys.id(c.bytes(), c.offset(), c.length()).charAt(0);
      sha.update(c.bytes(), c.offset(), c.length());
    }
    return seen + sha.digest()[0];
  }
}
