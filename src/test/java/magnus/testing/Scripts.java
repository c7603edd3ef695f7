package magnus.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the project's own scripts in {@code bin/}, as a user would, and collects what they print.
 */
public final class Scripts {

  /** What a finished script left: its exit code and its merged standard output and error. */
  public record Run(int exitCode, String output) {}

  private Scripts() {}

  /** The project's top folder, as failsafe passes it. */
  public static Path home() {
    return Path.of(System.getProperty("magnus.home", ".")).toAbsolutePath().normalize();
  }

  /** Runs {@code bin/<script> args...} with extra environment variables, up to a time limit. */
  public static Run run(Map<String, String> env, long timeoutSeconds, String script, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(home().resolve("bin").resolve(script).toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.directory(home().toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    StringBuilder out = new StringBuilder();
    Thread reader =
        new Thread(
            () -> {
              try {
                out.append(
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                out.append("[output lost: ").append(e).append(']');
              }
            });
    reader.start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      reader.join(5_000);
      throw new IllegalStateException(
          "bin/"
              + script
              + " "
              + String.join(" ", args)
              + " ran over "
              + timeoutSeconds
              + " s:\n"
              + out);
    }
    reader.join();
    return new Run(process.exitValue(), out.toString());
  }
}
