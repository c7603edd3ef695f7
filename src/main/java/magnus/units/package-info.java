/**
 * Units: the one way Magnus writes sizes, durations and times for people, in the command-line
 * client's output and in the peer's messages and logs, so that the same number reads the same
 * everywhere (decimal units: 1 MB = 10^6 bytes, as on disk labels and in the benchmarks).
 *
 * <p>Depends on nothing: plain Java, shipped in both the WAR and {@code magnus-cli.jar}.
 */
package magnus.units;
