/**
 * The command-line client for operators: {@code magnus codec encode|decode|bench} today.
 *
 * <p>May depend on {@code magnus.codec} (and later on the peers' REST API over HTTP), nothing else:
 * no other Magnus component, no Jakarta EE API. It ships as {@code target/magnus-cli.jar}, which
 * holds only this package, the codec and picocli.
 */
package magnus.cli;
