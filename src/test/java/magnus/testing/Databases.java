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

  /**
   * Lets a database take connections again, or refuses them and ends every session on it, as an
   * outage of that one database would (the server and the other databases stay up).
   */
  public static void allowConnections(String name, boolean allow) {
    execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS " + allow, name);
    if (!allow) {
      execute(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'",
          name);
    }
  }

  /** Whether the server has a database of this name. */
  public static boolean exists(String name) {
    return !strings("postgres", "SELECT datname FROM pg_database WHERE datname = '" + name + "'")
        .isEmpty();
  }

  /** The first column of every row a query answers on database {@code name}, as text. */
  public static java.util.List<String> strings(String name, String sql) {
    if (!name.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a plain database name: " + name);
    }
    java.util.List<String> values = new java.util.ArrayList<>();
    try (Connection c = DriverManager.getConnection(SERVER + name, "postgres", "");
        Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot run " + sql + " on " + SERVER + name + ": " + e.getMessage(), e);
    }
    return values;
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
