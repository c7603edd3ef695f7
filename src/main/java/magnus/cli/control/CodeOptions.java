package magnus.cli.control;

import java.util.Optional;
import magnus.codec.CodeParameters;

/**
 * The {@code --k}, {@code --n} and {@code --segment-size} options, checked before anything is read
 * or sent. The rule for k and n is the codec's ({@link CodeParameters#problem}); what is the CLI's
 * own is turning its sentence into a user error that names the options as they were given.
 */
public final class CodeOptions {
  private CodeOptions() {}

  /**
   * The code of {@code --k K --n N}, for the codec's commands.
   *
   * @throws UserException when the pair breaks the rule, or the segment size is not positive
   */
  public static CodeParameters check(int k, int n, int segmentSize) {
    refuse("--k " + k + " --n " + n, CodeParameters.problem(k, n));
    if (segmentSize < 1) {
      throw new UserException(
          "--segment-size "
              + segmentSize
              + " is too small; give at least 1 byte (the default is 1048576)");
    }
    return new CodeParameters(k, n);
  }

  /**
   * Checks {@code --k} and {@code --n} of a backup, either of which may be left to the peer's
   * default (null). One given alone is checked against the widest value the other could have.
   *
   * @throws UserException when no code could have the values given
   */
  public static void checkGiven(Integer k, Integer n) {
    if (k != null && n != null) {
      refuse("--k " + k + " --n " + n, CodeParameters.problem(k, n));
    } else if (k != null) {
      refuse(
          "--k " + k + " (with n at most " + CodeParameters.MAX_N + ")",
          CodeParameters.problem(k, CodeParameters.MAX_N));
    } else if (n != null) {
      refuse("--n " + n + " (with k at least 1)", CodeParameters.problem(1, n));
    }
  }

  private static void refuse(String given, Optional<String> problem) {
    if (problem.isPresent()) {
      throw new UserException(given + ": " + problem.get());
    }
  }
}
