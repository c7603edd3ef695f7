/**
 * The command-line client for operators: {@code magnus backup|restore|delete|ls|versions|peers}
 * against a peer's client API ({@code docs/api.md}) over HTTP, and {@code magnus codec
 * encode|decode|bench} on local files.
 *
 * <p>May depend on {@code magnus.codec} and on the peers' client API over HTTP, nothing else: no
 * other Magnus component, no Jakarta EE API. It ships as {@code target/magnus-cli.jar}, which holds
 * only this package, the codec and picocli; hence its own small JSON reader and writer.
 */
package magnus.cli;
