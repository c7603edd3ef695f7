package magnus.fragments.boundary;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;
import magnus.fragments.control.FragmentException;
import magnus.host.control.CachedJson;

/**
 * The one place where what the FileDatabase refuses becomes an HTTP status: every {@link
 * FragmentException} is answered with a one-line {@code application/problem+json} (RFC 9457) whose
 * {@code detail} is the exception's.
 */
@Provider
public class FragmentProblems implements ExceptionMapper<FragmentException> {

  static final Logger LOG = Logger.getLogger(FragmentProblems.class.getName());
  public static final String PROBLEM_JSON = "application/problem+json";

  /** 507 Insufficient Storage (WebDAV): JAX-RS has no constant for it. */
  public static final int INSUFFICIENT_STORAGE = 507;

  /** The status each reason is answered with ({@code docs/protocol.md}, Errors). */
  static int status(FragmentException.Reason reason) {
    return switch (reason) {
      case INVALID, MISMATCH -> 400;
      case NOT_HELD -> 404;
      case NO_ROOM -> INSUFFICIENT_STORAGE;
      case NOT_RECONCILED -> 503;
      case FAILED -> 500;
    };
  }

  static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case INSUFFICIENT_STORAGE -> "Insufficient Storage";
      case 503 -> "Service Unavailable";
      default -> "Internal Server Error";
    };
  }

  @Override
  public Response toResponse(FragmentException e) {
    int status = status(e.reason());
    if (e.reason() == FragmentException.Reason.FAILED) {
      LOG.log(Level.WARNING, e.detail(), e.getCause());
    }
    return Response.status(status)
        .type(PROBLEM_JSON)
        .entity(
            CachedJson.createObjectBuilder()
                .add("type", "about:blank")
                .add("title", title(status))
                .add("status", status)
                .add("detail", e.detail().replaceAll("[\\r\\n]+", " "))
                .build()
                .toString())
        .build();
  }
}
