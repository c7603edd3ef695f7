/*
 * ISA-L reference point for the Magnus codec benchmark.
 *
 * Times ISA-L's ec_encode_data on one thread, on the same buffers as `magnus codec bench`:
 * a "file" of SIZE pseudo-random bytes (the same SplitMix64 stream the Java bench generates,
 * or the bytes of --input FILE), cut into segments of SEGMENT bytes; each segment is cut into
 * k data blocks of ceil(segment / k) bytes (the last one zero-padded), which form one stripe.
 *
 *   encode: the n - k parity blocks of every stripe from its k data blocks.
 *   decode: the first n - k data blocks of every stripe are lost; they are rebuilt from the
 *           remaining k shares (decode matrix from gf_gen_cauchy1_matrix + gf_invert_matrix,
 *           then ec_init_tables + ec_encode_data), and checked against the originals once.
 *
 * Throughput is MB/s of file data (MB = 10^6 bytes): SIZE / best time of REPEAT runs, after a
 * warm-up. The last line is exactly "encode_MBps=<x> decode_MBps=<y>".
 *
 * Build: cc -O2 -o isal-bench isal_bench.c -lisal   (bin/magnus-bench-codec does this)
 * Usage: isal-bench -k K -n N [-s SIZE] [-S SEGMENT] [-r REPEAT] [-i FILE]
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <isa-l/erasure_code.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_N 256

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The same generator as magnus.cli.control.CodecBench: SplitMix64, bytes little-endian. */
static void fill_pseudo_random(unsigned char *buf, size_t len) {
  uint64_t state = 0x4D61676E7573ULL; /* "Magnus" */
  size_t i = 0;
  while (i < len) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    for (int b = 0; b < 8 && i < len; b++, i++) {
      buf[i] = (unsigned char)(z >> (8 * b));
    }
  }
}

static void *xmalloc(size_t size) {
  void *p = NULL;
  if (posix_memalign(&p, 64, size ? size : 1) != 0) {
    fprintf(stderr, "isal-bench: out of memory (%zu bytes)\n", size);
    exit(1);
  }
  memset(p, 0, size);
  return p;
}

static void usage(void) {
  fprintf(stderr,
          "usage: isal-bench -k K -n N [-s SIZE] [-S SEGMENT] [-r REPEAT] [-i FILE]\n"
          "  SIZE bytes of file data (default 33554432), SEGMENT bytes per stripe"
          " (default 1048576),\n  REPEAT timed runs after warm-up (default 5), FILE: read"
          " the data from FILE instead of generating it\n");
}

static long long parse_size(const char *s, const char *what) {
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno || *end || v < 0) {
    fprintf(stderr, "isal-bench: %s must be a non-negative integer, got '%s'\n", what, s);
    exit(2);
  }
  return v;
}

int main(int argc, char **argv) {
  int k = 0, n = 0, repeat = 5;
  long long size = 32LL << 20, segment = 1LL << 20;
  const char *input = NULL;
  int opt;
  while ((opt = getopt(argc, argv, "k:n:s:S:r:i:h")) != -1) {
    switch (opt) {
      case 'k': k = (int)parse_size(optarg, "-k"); break;
      case 'n': n = (int)parse_size(optarg, "-n"); break;
      case 's': size = parse_size(optarg, "-s SIZE"); break;
      case 'S': segment = parse_size(optarg, "-S SEGMENT"); break;
      case 'r': repeat = (int)parse_size(optarg, "-r REPEAT"); break;
      case 'i': input = optarg; break;
      default: usage(); return opt == 'h' ? 0 : 2;
    }
  }
  if (k < 1 || n <= k || n > MAX_N) {
    fprintf(stderr, "isal-bench: need 1 <= k < n <= %d, got k=%d n=%d\n", MAX_N, k, n);
    return 2;
  }
  if (size < 1 || segment < 1 || repeat < 1) {
    fprintf(stderr, "isal-bench: SIZE, SEGMENT and REPEAT must be >= 1\n");
    return 2;
  }
  const int m = n - k;

  unsigned char *file = xmalloc((size_t)size);
  if (input) {
    FILE *f = fopen(input, "rb");
    if (!f) {
      fprintf(stderr, "isal-bench: cannot open %s: %s\n", input, strerror(errno));
      return 1;
    }
    size = (long long)fread(file, 1, (size_t)size, f);
    fclose(f);
    if (size < 1) {
      fprintf(stderr, "isal-bench: %s is empty\n", input);
      return 1;
    }
  } else {
    fill_pseudo_random(file, (size_t)size);
  }

  /* Stripe layout: segment s covers file[s*segment, ...); its blocks sit at frag_off[s]. */
  long long segments = (size + segment - 1) / segment;
  int *block_len = xmalloc(sizeof(int) * (size_t)segments);
  long long *frag_off = xmalloc(sizeof(long long) * (size_t)segments);
  long long frag_size = 0;
  for (long long s = 0; s < segments; s++) {
    long long len = size - s * segment < segment ? size - s * segment : segment;
    block_len[s] = (int)((len + k - 1) / k);
    frag_off[s] = frag_size;
    frag_size += block_len[s];
  }

  unsigned char *frag[MAX_N];
  for (int i = 0; i < n; i++) frag[i] = xmalloc((size_t)frag_size);
  for (long long s = 0; s < segments; s++) {
    long long start = s * segment;
    long long end = start + segment < size ? start + segment : size;
    for (int j = 0; j < k; j++) {
      long long from = start + (long long)j * block_len[s];
      long long avail = end - from;
      if (avail > block_len[s]) avail = block_len[s];
      if (avail > 0) memcpy(frag[j] + frag_off[s], file + from, (size_t)avail);
    }
  }

  /* Encoding matrix: identity over a Cauchy matrix (always invertible for any k of n). */
  unsigned char enc[MAX_N * MAX_N], enc_tbls[32 * MAX_N * MAX_N];
  gf_gen_cauchy1_matrix(enc, n, k);
  ec_init_tables(k, m, enc + k * k, enc_tbls);

  /* Decoding: survivors are shares m..n-1; lost are data blocks 0..m-1. */
  int survivors[MAX_N];
  for (int i = 0; i < k; i++) survivors[i] = m + i;
  unsigned char rec[MAX_N * MAX_N], inv[MAX_N * MAX_N], dec[MAX_N * MAX_N];
  unsigned char dec_tbls[32 * MAX_N * MAX_N];
  unsigned char *lost[MAX_N];
  for (int i = 0; i < m; i++) lost[i] = xmalloc((size_t)frag_size);

  double enc_best = 1e300, dec_best = 1e300;
  double warmup_until = now_seconds() + 0.5;
  int verified = 0;
  for (int round = -1; round < repeat; round++) {
    int warm = round < 0;
    /* encode */
    do {
      double t0 = now_seconds();
      for (long long s = 0; s < segments; s++) {
        unsigned char *d[MAX_N], *p[MAX_N];
        for (int j = 0; j < k; j++) d[j] = frag[j] + frag_off[s];
        for (int j = 0; j < m; j++) p[j] = frag[k + j] + frag_off[s];
        ec_encode_data(block_len[s], k, m, enc_tbls, d, p);
      }
      double t = now_seconds() - t0;
      if (!warm && t < enc_best) enc_best = t;
    } while (warm && now_seconds() < warmup_until);
    /* decode: the matrix is rebuilt per stripe, as a decoder of independent stripes does */
    warmup_until = now_seconds() + 0.5;
    do {
      double t0 = now_seconds();
      for (long long s = 0; s < segments; s++) {
        for (int r = 0; r < k; r++) memcpy(rec + r * k, enc + survivors[r] * k, (size_t)k);
        if (gf_invert_matrix(rec, inv, k) != 0) {
          fprintf(stderr, "isal-bench: decode matrix is singular\n");
          return 1;
        }
        for (int r = 0; r < m; r++) memcpy(dec + r * k, inv + r * k, (size_t)k);
        ec_init_tables(k, m, dec, dec_tbls);
        unsigned char *src[MAX_N], *out[MAX_N];
        for (int j = 0; j < k; j++) src[j] = frag[survivors[j]] + frag_off[s];
        for (int j = 0; j < m; j++) out[j] = lost[j] + frag_off[s];
        ec_encode_data(block_len[s], k, m, dec_tbls, src, out);
      }
      double t = now_seconds() - t0;
      if (!warm && t < dec_best) dec_best = t;
    } while (warm && now_seconds() < warmup_until);
    if (!verified) {
      for (int j = 0; j < m; j++) {
        if (memcmp(lost[j], frag[j], (size_t)frag_size) != 0) {
          fprintf(stderr, "isal-bench: decoded block %d differs from the original\n", j);
          return 1;
        }
      }
      verified = 1;
    }
    warmup_until = now_seconds() + 0.5;
  }

  printf("isa-l k=%d n=%d size=%lld segment=%lld repeat=%d (best of %d, single thread)\n", k, n,
         size, segment, repeat, repeat);
  printf("encode_MBps=%.1f decode_MBps=%.1f\n", size / enc_best / 1e6, size / dec_best / 1e6);
  return 0;
}
