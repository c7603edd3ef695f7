package magnus.fragments.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import magnus.fragments.control.FragmentStore;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports on {@code /health/ready} whether the FileDatabase takes fragments: not before its files
 * are reconciled with its rows at start-up, and not when that failed, with the reason.
 */
@Readiness
@ApplicationScoped
public class FragmentsReadiness implements HealthCheck {

  @Inject FragmentStore store;

  @Override
  public HealthCheckResponse call() {
    String problem = store.reconciliationProblem();
    var response = HealthCheckResponse.named("magnus-fragments").status(problem == null);
    if (problem != null) {
      response.withData("problem", problem);
    }
    return response.build();
  }
}
