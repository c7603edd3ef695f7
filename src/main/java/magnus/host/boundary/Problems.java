package magnus.host.boundary;

import jakarta.json.JsonException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import magnus.host.control.CachedJson;

/**
 * Error answers as {@code application/problem+json} (RFC 9457), whose {@code detail} is one line
 * that names the problem and the fix. Also turns a request body that is not JSON into a 400.
 */
@Provider
public class Problems implements ExceptionMapper<JsonException> {

  public static final String MEDIA_TYPE = "application/problem+json";

  /** An error answer with the given status and one-line detail. */
  public static Response of(int status, String detail) {
    Response.StatusType type = Response.Status.fromStatusCode(status);
    String title = type != null ? type.getReasonPhrase() : "Error " + status;
    return Response.status(status)
        .type(MEDIA_TYPE)
        .entity(
            CachedJson.createObjectBuilder()
                .add("type", "about:blank")
                .add("title", title)
                .add("status", status)
                .add("detail", detail)
                .build()
                .toString())
        .build();
  }

  /** An exception that answers with a problem. */
  public static WebApplicationException problem(int status, String detail) {
    return new WebApplicationException(detail, of(status, detail));
  }

  @Override
  public Response toResponse(JsonException e) {
    return of(400, "the request body is not valid JSON: " + e.getMessage());
  }
}
