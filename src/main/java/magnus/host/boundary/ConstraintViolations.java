package magnus.host.boundary;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Comparator;

/**
 * A request that breaks the Bean Validation constraints of a boundary is answered {@code 400} with
 * a one-line problem. Each constraint's message names the field and the fix ({@code "paths is
 * empty; name at least one file or directory to back up"}); when several are broken, the first by
 * field name is answered, so that the answer is the same every time.
 */
@Provider
public class ConstraintViolations implements ExceptionMapper<ConstraintViolationException> {

  @Override
  public Response toResponse(ConstraintViolationException e) {
    String detail =
        e.getConstraintViolations().stream()
            .sorted(Comparator.comparing(v -> String.valueOf(v.getPropertyPath())))
            .map(ConstraintViolation::getMessage)
            .findFirst()
            .orElse("the request is not valid: " + e.getMessage());
    return Problems.of(400, detail);
  }
}
