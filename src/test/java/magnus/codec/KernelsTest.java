package magnus.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Kernel discovery and selection, including JVMs without the Vector API module. */
class KernelsTest {

  private static boolean vectorModulePresent() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  @Test
  void vectorKernelIsAvailableWheneverItsModuleIs() {
    assertThat(ReedSolomon.availableKernels()).startsWith("scalar");
    if (vectorModulePresent()) {
      assertThat(ReedSolomon.vectorKernelProblem()).isNull();
      assertThat(ReedSolomon.availableKernels()).containsExactly("scalar", "vector");
      if (System.getProperty(Kernels.PROPERTY) == null) {
        assertThat(ReedSolomon.kernelName()).isEqualTo("vector");
      }
    } else {
      assertThat(ReedSolomon.availableKernels()).containsExactly("scalar");
      assertThat(ReedSolomon.vectorKernelProblem()).contains("jdk.incubator.vector");
    }
    assertThat(ReedSolomon.of(2, 3, "scalar").kernel()).isEqualTo("scalar");
    assertThat(ReedSolomon.of(2, 3, "auto").kernel())
        .isEqualTo(ReedSolomon.availableKernels().get(ReedSolomon.availableKernels().size() - 1));
  }

  @Test
  void withoutTheModuleTheCodecRunsOnTheScalarKernel() throws Exception {
    Result result = runProbe(List.of());
    assertThat(result.exit).as(result.output).isZero();
    assertThat(result.output).contains("kernel=scalar available=[scalar]", "vectors=ok");
  }

  @Test
  void propertyForcesTheScalarKernelEvenWithTheModule() throws Exception {
    Result result =
        runProbe(List.of("--add-modules", "jdk.incubator.vector", "-Dmagnus.codec.kernel=scalar"));
    assertThat(result.exit).as(result.output).isZero();
    assertThat(result.output).contains("kernel=scalar available=[scalar, vector]", "vectors=ok");
  }

  @Test
  void everyVectorShapeAndLayoutMatchesTheScalarKernel() throws Exception {
    // A JDK without the module cannot run this test; say so as a skip, not as a pass.
    assumeTrue(vectorModulePresent(), "this JDK has no jdk.incubator.vector module");
    for (String bits : new String[] {"128", "256", "512"}) {
      for (String layout : new String[] {"split", "packed"}) {
        Result result =
            runProbe(
                List.of(
                    "--add-modules",
                    "jdk.incubator.vector",
                    "-Dmagnus.codec.vectorBits=" + bits,
                    "-Dmagnus.codec.vectorLayout=" + layout));
        assertThat(result.exit).as(result.output).isZero();
        assertThat(result.output).contains("kernel=vector", "vectors=ok");
        if (bits.equals("512")) {
          assertThat(result.output).contains("512-bit " + layout);
        } else {
          assertThat(result.output).contains(bits + "-bit split");
        }
      }
    }
  }

  @Test
  void forcingAMissingVectorKernelIsAClearError() throws Exception {
    Result result = runProbe(List.of("-Dmagnus.codec.kernel=vector"));
    assertThat(result.exit).as(result.output).isNotZero();
    assertThat(result.output)
        .contains(
            "IllegalStateException",
            "magnus.codec.kernel=vector",
            "the vector kernel is not available");
  }

  @Test
  void unknownKernelNamesAreRejected() {
    assertThatThrownBy(() -> Kernels.byName("gpu"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'gpu'");
  }

  private record Result(int exit, String output) {}

  /** Runs {@link KernelProbe} in a fresh JVM with the given options. */
  private static Result runProbe(List<String> jvmOptions) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(KernelProbe.class.getName());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("probe JVM did not finish: " + command);
    }
    return new Result(
        process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
