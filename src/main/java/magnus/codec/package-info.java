/**
 * Codec: the systematic Reed-Solomon erasure code over GF(2^8) that cuts a file into n fragments,
 * any k of which rebuild it. Its shares are byte-identical to zfec's (Rizzo's Vandermonde code).
 *
 * <p>Public API:
 *
 * <ul>
 *   <li>{@link magnus.codec.ReedSolomon}: the (k, n) code on one stripe of k equal blocks; its
 *       class comment explains the construction.
 *   <li>{@link magnus.codec.FragmentEncoder} / {@link magnus.codec.FragmentDecoder}: whole files,
 *       streamed segment by segment into and out of n fragment streams (the format is described on
 *       the encoder).
 * </ul>
 *
 * <p>Inside, split the way Backblaze's JavaReedSolomon is: {@code Galois} (field tables), {@code
 * Matrix} (products, sub-matrices, Gauss-Jordan inversion), and the coding kernels that do the byte
 * arithmetic: {@code ScalarKernel} (portable) and {@code VectorKernel} (SIMD, only when the JVM has
 * {@code jdk.incubator.vector}), chosen by {@code Kernels}.
 *
 * <p>Depends on nothing: no other Magnus component, no Jakarta EE API. It is plain Java so that the
 * peer, the command-line client and the benchmarks can all use it.
 */
package magnus.codec;
