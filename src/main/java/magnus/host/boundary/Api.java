package magnus.host.boundary;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The peer's REST API under {@code /api}: the peer protocol between peers ({@code
 * docs/protocol.md}) and the client API for the CLI and scripts ({@code docs/api.md}).
 */
@ApplicationPath("api")
public class Api extends Application {}
