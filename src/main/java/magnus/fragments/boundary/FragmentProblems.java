package magnus.fragments.boundary;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;
import magnus.fragments.control.FragmentRefusedException;
import magnus.host.control.CachedJson;

/** Answers a refused protocol request with {@code application/problem+json} (RFC 9457). */
@Provider
public class FragmentProblems implements ExceptionMapper<FragmentRefusedException> {

  static final Logger LOG = Logger.getLogger(FragmentProblems.class.getName());
  public static final String PROBLEM_JSON = "application/problem+json";

  @Override
  public Response toResponse(FragmentRefusedException e) {
    if (e.status() >= 500 && e.status() != FragmentRefusedException.INSUFFICIENT_STORAGE) {
      LOG.log(Level.WARNING, e.detail(), e.getCause());
    }
    return Response.status(e.status())
        .type(PROBLEM_JSON)
        .entity(
            CachedJson.createObjectBuilder()
                .add("type", "about:blank")
                .add("title", e.title())
                .add("status", e.status())
                .add("detail", e.detail().replaceAll("[\\r\\n]+", " "))
                .build()
                .toString())
        .build();
  }
}
