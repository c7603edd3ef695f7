package magnus.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the SQL files in {@code db/migrations/} make, read on the test client (whose working
 * directory is the project), so that tests follow new migrations without being edited.
 */
final class Migrations {

  static final Path DIRECTORY = Path.of("db/migrations");
  static final Pattern FILE = Pattern.compile("V(\\d+)__.*\\.sql");
  static final Pattern CREATE_TABLE =
      Pattern.compile("(?i)CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([a-z_][a-z0-9_]*)");

  private Migrations() {}

  static List<Path> files() {
    try (var files = Files.list(DIRECTORY)) {
      return files.filter(f -> FILE.matcher(f.getFileName().toString()).matches()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The highest version among the migrations, as Flyway reports it ("3"). */
  static String latestVersion() {
    return files().stream()
        .map(f -> FILE.matcher(f.getFileName().toString()))
        .filter(Matcher::matches)
        .mapToInt(m -> Integer.parseInt(m.group(1)))
        .max()
        .stream()
        .mapToObj(Integer::toString)
        .findFirst()
        .orElseThrow();
  }

  /** Every table a migration creates. */
  static List<String> tables() {
    List<String> tables = new ArrayList<>();
    for (Path file : files()) {
      try {
        Matcher m = CREATE_TABLE.matcher(Files.readString(file));
        while (m.find()) {
          tables.add(m.group(1).toLowerCase(java.util.Locale.ROOT));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return tables;
  }
}
