package magnus.recovery.boundary;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import magnus.host.boundary.KnownFields;

/**
 * A restore request (POST /api/restores).
 *
 * @param path the backed-up file, an absolute path
 * @param version the version to restore; the newest when absent
 * @param to where to write it, an absolute path; {@code path} when absent
 */
@KnownFields(value = "a restore", example = "{\"path\": \"/absolute/path\"}")
public record RestoreRequest(
    @NotBlank(message = "path is missing; name the backed-up file to restore")
        @Pattern(
            regexp = "/.*",
            message = "${validatedValue} is a relative path; give an absolute path")
        String path,
    @Min(value = 1, message = "version is ${validatedValue}; versions are numbered from 1")
        @Max(
            value = Integer.MAX_VALUE,
            message =
                "version is ${validatedValue}; versions are numbered from 1 to "
                    + Integer.MAX_VALUE)
        Long version,
    @Pattern(
            regexp = "/.*",
            message = "${validatedValue} is a relative path; give an absolute path")
        String to) {

  /**
   * Declared, so that the constraints stay on the fields and off the constructor's parameters:
   * Payara's OpenAPI reads a constraint on a parameter as one on a path parameter, and fails the
   * whole of {@code /openapi}.
   */
  public RestoreRequest(String path, Long version, String to) {
    this.path = path;
    this.version = version;
    this.to = to;
  }
}
