package magnus.recovery.boundary;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import magnus.host.boundary.KnownFields;

/**
 * A drill request (POST /api/recovery).
 *
 * @param to the directory to restore every file into, an absolute path
 */
@KnownFields(value = "a drill", example = "{\"to\": \"/absolute/directory\"}")
public record DrillRequest(
    @NotBlank(message = "to is missing; send {\"to\": \"/absolute/directory\"}")
        @Pattern(
            regexp = "/.*",
            message = "${validatedValue} is a relative path; give an absolute directory")
        String to) {

  /**
   * Declared, so that the constraints stay on the fields and off the constructor's parameters:
   * Payara's OpenAPI reads a constraint on a parameter as one on a path parameter, and fails the
   * whole of {@code /openapi}.
   */
  public DrillRequest(String to) {
    this.to = to;
  }
}
