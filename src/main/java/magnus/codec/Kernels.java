package magnus.codec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Finds the coding kernels this JVM can run and picks the default one.
 *
 * <p>The vector kernel needs the incubating module {@code jdk.incubator.vector}, which a JVM only
 * resolves when started with {@code --add-modules jdk.incubator.vector}. Its class is therefore
 * never named in code that always loads: it is loaded by reflection, and only after checking that
 * the module is in the boot layer, so the codec still works (with the scalar kernel) everywhere
 * else. A freshly loaded vector kernel must also reproduce the scalar kernel's output on a test
 * stripe before it is trusted.
 *
 * <p>System property {@value #PROPERTY} chooses the default: {@code scalar}, {@code vector} (an
 * error if the vector kernel is unavailable) or {@code auto} (the default: vector when available).
 */
final class Kernels {

  /** The system property that selects the default kernel. */
  static final String PROPERTY = "magnus.codec.kernel";

  static final String SCALAR = "scalar";
  static final String VECTOR = "vector";
  static final String AUTO = "auto";

  private static final String VECTOR_MODULE = "jdk.incubator.vector";
  private static final String VECTOR_CLASS = "magnus.codec.VectorKernel";

  private static final CodingKernel SCALAR_KERNEL = new ScalarKernel();

  /** The vector kernel, or null if unavailable (then {@link #VECTOR_PROBLEM} says why). */
  private static final CodingKernel VECTOR_KERNEL;

  private static final String VECTOR_PROBLEM;

  static {
    CodingKernel vector = null;
    String problem = null;
    if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
      problem =
          "module "
              + VECTOR_MODULE
              + " is not in the boot layer (start the JVM with --add-modules "
              + VECTOR_MODULE
              + ")";
    } else {
      try {
        vector = (CodingKernel) Class.forName(VECTOR_CLASS).getDeclaredConstructor().newInstance();
        problem = selfTest(vector);
        if (problem != null) {
          vector = null;
        }
      } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
        problem = "the vector kernel failed to load: " + e;
      }
    }
    VECTOR_KERNEL = vector;
    VECTOR_PROBLEM = problem;
  }

  /** The default kernel, chosen once from {@value #PROPERTY}; null if that choice is invalid. */
  private static final CodingKernel DEFAULT;

  /** Why {@value #PROPERTY} names no usable kernel, or null. */
  private static final String DEFAULT_PROBLEM;

  static {
    String name = System.getProperty(PROPERTY, AUTO).trim().toLowerCase(Locale.ROOT);
    CodingKernel kernel = null;
    String problem = null;
    try {
      kernel = byName(name);
    } catch (IllegalArgumentException e) {
      problem = "system property " + PROPERTY + "=" + name + ": " + e.getMessage();
    }
    DEFAULT = kernel;
    DEFAULT_PROBLEM = problem;
  }

  private Kernels() {}

  /**
   * The kernel new codes use unless told otherwise.
   *
   * @throws IllegalStateException if system property {@value #PROPERTY} names a kernel that is
   *     unknown or cannot run here (rather than silently running another one)
   */
  static CodingKernel defaultKernel() {
    if (DEFAULT == null) {
      throw new IllegalStateException(DEFAULT_PROBLEM);
    }
    return DEFAULT;
  }

  /** Names of the kernels available in this JVM, scalar first. */
  static List<String> available() {
    List<String> names = new ArrayList<>();
    names.add(SCALAR);
    if (VECTOR_KERNEL != null) {
      names.add(VECTOR);
    }
    return Collections.unmodifiableList(names);
  }

  /**
   * The kernel called {@code name}: {@code scalar}, {@code vector} or {@code auto}.
   *
   * @throws IllegalArgumentException if there is no such kernel, or it cannot run in this JVM
   */
  static CodingKernel byName(String name) {
    switch (name) {
      case SCALAR:
        return SCALAR_KERNEL;
      case VECTOR:
        if (VECTOR_KERNEL == null) {
          throw new IllegalArgumentException(
              "the vector kernel is not available: " + VECTOR_PROBLEM);
        }
        return VECTOR_KERNEL;
      case AUTO:
        return VECTOR_KERNEL != null ? VECTOR_KERNEL : SCALAR_KERNEL;
      default:
        throw new IllegalArgumentException(
            "unknown codec kernel '" + name + "'; expected scalar, vector or auto");
    }
  }

  /** Why the vector kernel is unavailable, or null if it is available. */
  static String vectorProblem() {
    return VECTOR_PROBLEM;
  }

  /**
   * Checks a kernel against the scalar one on a random 10 x 10 matrix and lengths around the usual
   * vector sizes, so that a JVM whose incubator API behaves unexpectedly falls back to the scalar
   * kernel instead of producing wrong parity.
   *
   * @return null if the outputs agree, else a description of the mismatch
   */
  private static String selfTest(CodingKernel kernel) {
    Random random = new Random(0x5eed);
    int size = 10;
    int[] entries = new int[size * size];
    for (int i = 0; i < entries.length; i++) {
      entries[i] = random.nextInt(256);
    }
    Matrix m = Matrix.of(size, size, entries);
    CodingKernel.Plan expectedPlan = SCALAR_KERNEL.plan(m);
    CodingKernel.Plan actualPlan = kernel.plan(m);
    for (int len : new int[] {1, 15, 16, 17, 63, 64, 65, 200, 1000}) {
      byte[][] in = new byte[size][len + 3];
      for (byte[] block : in) {
        random.nextBytes(block);
      }
      byte[][] expected = new byte[size][len + 5];
      byte[][] actual = new byte[size][len + 5];
      expectedPlan.apply(in, 3, expected, 5, len);
      actualPlan.apply(in, 3, actual, 5, len);
      for (int r = 0; r < size; r++) {
        if (!java.util.Arrays.equals(expected[r], actual[r])) {
          return "the "
              + kernel.name()
              + " kernel disagrees with the scalar kernel (length "
              + len
              + ")";
        }
      }
    }
    return null;
  }
}
