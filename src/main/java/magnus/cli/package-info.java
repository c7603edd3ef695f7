/**
 * The command-line client for operators: {@code magnus backup|restore|delete|ls|versions|peers|
 * recover|recovery status} against a peer's client API ({@code docs/api.md}) over HTTP, and {@code
 * magnus codec encode|decode|bench} on local files.
 *
 * <p>May depend on {@code magnus.codec} and {@code magnus.units}, on the peers' client API over
 * HTTP, on picocli, and on JSON-P and JSON-B; nothing else: no other Magnus component, no other
 * Jakarta EE API. It ships as {@code target/magnus-cli.jar}, which holds this package, the codec,
 * the units, picocli, and the JSON-P / JSON-B APIs with their implementations (Parsson, Yasson),
 * because it runs outside Payara; the WAR leaves all of these out.
 *
 * <p>{@code boundary} holds the picocli commands and {@code PeerClient}, the HTTP client of the API
 * (the CLI's other edge; no HTTP type is used under {@code control}); {@code control} the strict
 * reading of the API's JSON ({@code PeerJson}), the progress bar, the formats of sizes and times,
 * and the codec's file commands; {@code entity} the API's requests and answers as JSON-B records.
 */
package magnus.cli;
