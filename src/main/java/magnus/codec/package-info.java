/**
 * Codec: the systematic Reed-Solomon erasure code over GF(2^8) that cuts a file into n fragments,
 * any k of which rebuild it. Its shares are byte-identical to zfec's (Rizzo's Vandermonde code).
 *
 * <p>Depends on nothing: no other Magnus component, no Jakarta EE API. It is plain Java so that the
 * peer, the command-line client and the benchmarks can all use it.
 */
package magnus.codec;
