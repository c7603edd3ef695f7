package magnus.host.boundary;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;
import magnus.codec.CodeParameters;
import magnus.host.control.DataDirectory;
import magnus.host.control.PeerDataSource;
import magnus.host.control.Settings;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports on {@code /health/ready} whether this peer can take work: its database answers, has the
 * current schema and belongs to this peer, its data directory takes writes, and its code parameters
 * make sense. Each failing part is named in the response and, when the state changes, in the log.
 */
@Readiness
@ApplicationScoped
public class PeerReadiness implements HealthCheck {

  static final Logger LOG = Logger.getLogger(PeerReadiness.class.getName());

  @Resource(lookup = PeerDataSource.JNDI_NAME)
  DataSource dataSource;

  @Inject SchemaMigrations migrations;

  @Inject Settings settings;

  private volatile String lastReport;

  @Override
  public HealthCheckResponse call() {
    List<String> problems = new ArrayList<>();
    databaseProblem().ifPresent(problems::add);
    String schemaProblem = migrations.problem();
    if (schemaProblem != null) {
      problems.add(schemaProblem);
    }
    DataDirectory.problem(settings.dataDirectory())
        .ifPresent(p -> problems.add("data directory: " + p));
    codeProblem().ifPresent(problems::add);

    report(problems);
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named("magnus-peer")
            .status(problems.isEmpty())
            .withData("dataDirectory", settings.dataDirectory().toString())
            .withData("failureDomain", settings.failureDomain())
            .withData("schemaVersion", Objects.toString(migrations.version(), "none"));
    for (int i = 0; i < problems.size(); i++) {
      response.withData("problem" + (i + 1), problems.get(i));
    }
    return response.build();
  }

  private Optional<String> databaseProblem() {
    try (Connection connection = dataSource.getConnection()) {
      if (!connection.isValid(2)) {
        return Optional.of("database: no answer from " + settings.databaseUrl());
      }
      return Optional.empty();
    } catch (SQLException | RuntimeException e) {
      return Optional.of(
          "database: "
              + settings.databaseUrl()
              + " is not usable: "
              + SchemaMigrations.rootMessage(e));
    }
  }

  private Optional<String> codeProblem() {
    return CodeParameters.problem(settings.defaultK(), settings.defaultN())
        .map(
            p ->
                "settings: magnus.code.k="
                    + settings.defaultK()
                    + ", magnus.code.n="
                    + settings.defaultN()
                    + " is not a code: "
                    + p);
  }

  /** Logs the readiness only when it changes, so that a probe every second does not flood. */
  private void report(List<String> problems) {
    String now = problems.isEmpty() ? "" : String.join("; ", problems);
    if (!now.equals(lastReport)) {
      lastReport = now;
      if (problems.isEmpty()) {
        LOG.info("peer is ready");
      } else {
        LOG.warning("peer is not ready: " + now);
      }
    }
  }
}
