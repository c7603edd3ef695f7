/**
 * The client API's requests and answers ({@code docs/api.md}) as the command-line client writes and
 * reads them: JSON-B records whose component names are the API's member names. Only the members the
 * client uses are here; an answer's other members are ignored. A component is required unless it is
 * an {@link java.util.Optional} ({@code magnus.cli.control.PeerJson}).
 */
package magnus.cli.entity;
