package magnus.codec;

/**
 * A way of multiplying a coefficient matrix by a set of byte blocks: the one hot loop of the whole
 * codec. Encoding (parity = parity rows of the encoding matrix x data) and decoding (missing data =
 * rows of an inverted sub-matrix x surviving shares) are both this operation; only the matrix
 * differs.
 *
 * <p>A kernel first {@linkplain #plan prepares} a matrix once (precomputing whatever lookup tables
 * it wants), then the resulting {@link Plan} is applied to any number of stripes. Kernels and plans
 * are immutable and thread-safe.
 */
abstract class CodingKernel {

  /** A short, stable name for logs and benchmarks, e.g. {@code "scalar"}. */
  abstract String name();

  /** A one-line description of how this kernel works here, for logs and benchmark reports. */
  abstract String describe();

  /** Prepares {@code coefficients} (one row per output, one column per input) for this kernel. */
  abstract Plan plan(Matrix coefficients);

  /** A coefficient matrix made ready for one kernel. */
  abstract static class Plan {
    final int outputs;
    final int inputs;

    Plan(Matrix coefficients) {
      this.outputs = coefficients.rows();
      this.inputs = coefficients.cols();
    }

    /**
     * For every output row r, sets bytes {@code [outOff, outOff + len)} of {@code out[r]} to the
     * GF(2^8) sum over c of {@code coefficient(r, c) * in[c][inOff ..]}, byte by byte. Outputs are
     * overwritten, not accumulated into. Inputs and outputs must not overlap.
     *
     * <p>Arguments are assumed checked by the caller: {@code in.length == inputs}, {@code
     * out.length == outputs}, and every array long enough.
     */
    abstract void apply(byte[][] in, int inOff, byte[][] out, int outOff, int len);

    /** Approximate memory held by this plan's tables, in bytes; bounds the decode-plan cache. */
    abstract long footprint();
  }
}
