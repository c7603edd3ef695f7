package magnus.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Makes fresh PostgreSQL databases on the local server (127.0.0.1:5432, trust auth) for tests. */
public final class Databases {

  public static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

  private Databases() {}

  /** Drops the database if it exists and creates it empty; returns its JDBC URL. */
  public static String recreate(String name) {
    if (!name.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a plain database name: " + name);
    }
    try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot make test database "
              + name
              + " on "
              + SERVER
              + " (is PostgreSQL running? bin/magnus-test starts it): "
              + e.getMessage(),
          e);
    }
    return SERVER + name;
  }
}
