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
    drop(name);
    return execute("CREATE DATABASE " + name, name);
  }

  /**
   * Drops the database if it exists, so that a test starts from nothing even where an earlier run
   * left its databases behind.
   */
  public static void drop(String name) {
    execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", name);
  }

  private static String execute(String sql, String name) {
    if (!name.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a plain database name: " + name);
    }
    try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot run "
              + sql
              + " on "
              + SERVER
              + " (is PostgreSQL running? bin/magnus-test starts it): "
              + e.getMessage(),
          e);
    }
    return SERVER + name;
  }
}
