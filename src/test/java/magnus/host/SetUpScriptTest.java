package magnus.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The set-up that {@code bin/magnus-network} and {@code bin/magnus-test} do on a fresh machine
 * ({@code magnus_setup} in {@code bin/common.sh}), run by bash over a PATH of stub commands: the
 * stubs stand for apt-get, the PostgreSQL cluster tools, id and the JSON readers, and write down
 * how they were called, so that each case can be set up without touching this machine's PostgreSQL.
 */
class SetUpScriptTest {

  static final Path COMMON = Path.of("bin/common.sh").toAbsolutePath();

  /** The stub server's port: one that nothing on this machine answers on. */
  static final String PORT = "1";

  /** Real tools the functions use besides the stubs. */
  static final List<String> TOOLS =
      List.of(
          "dirname", "awk", "seq", "sleep", "sed", "cat", "sort", "tail", "head", "ls", "touch",
          "rm", "mkdir", "grep", "chmod", "cp");

  @TempDir Path dir;
  Path stubs;
  Path state;
  Path hba;

  /** What a finished snippet left: its exit code, its output, and the stubs' calls. */
  record Result(int exitCode, String output, String calls) {}

  @BeforeEach
  void tools() throws IOException {
    stubs = Files.createDirectories(dir.resolve("stubs"));
    state = Files.createDirectories(dir.resolve("state"));
    hba = state.resolve("pg_hba.conf");
    Files.writeString(hba, "host all all 127.0.0.1/32 scram-sha-256\n");
    Path tools = Files.createDirectories(dir.resolve("tools"));
    for (String tool : TOOLS) {
      Path real =
          List.of(Path.of("/usr/bin", tool), Path.of("/bin", tool)).stream()
              .filter(Files::isExecutable)
              .findFirst()
              .orElseThrow(() -> new AssertionError("this machine has no " + tool));
      // A wrapper rather than a link: JUnit warns about every link it deletes with the directory.
      Path wrapper = tools.resolve(tool);
      Files.writeString(wrapper, "#!/bin/bash\nexec " + real + " \"$@\"\n");
      Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    stub("id", "if [ \"$1\" = -u ]; then cat \"$STUB_STATE/uid\"; else echo tester; fi");
    Files.writeString(state.resolve("uid"), "1000\n");
  }

  // ---- the cases -------------------------------------------------------------------------------

  @Test
  void nothingInstalledAndNotRootPrintsTheOneCommandThatWould() throws Exception {
    aptGet();
    Result r = setUp();
    assertThat(r.exitCode()).as(r.output()).isNotZero();
    assertThat(r.output())
        .contains(
            "postgresql curl jq missing; install them as root with: apt-get update && apt-get"
                + " install -y postgresql curl jq");
    assertThat(r.calls()).doesNotContain("apt-get");
  }

  @Test
  void nothingInstalledAndNoAptGetSaysWhatToInstall() throws Exception {
    root();
    jsonAndCurl();
    Result r = setUp();
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.output())
        .contains(
            "postgresql missing, and there is no apt-get here",
            "a PostgreSQL server on 127.0.0.1:" + PORT + " with trust authentication");
  }

  @Test
  void nothingInstalledAsRootInstallsAfterUpdatingStaleListsAndStartsTheCluster() throws Exception {
    root();
    jsonAndCurl();
    aptGet();
    Files.writeString(state.resolve("stale-lists"), "");
    Result r = setUp();
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.calls().lines().filter(l -> l.startsWith("apt-get") || l.startsWith("pg_ctl")))
        .containsExactly(
            "apt-get install -y -q postgresql",
            "apt-get update -q",
            "apt-get install -y -q postgresql",
            "pg_ctlcluster --skip-systemctl-redirect 15 main start");
    assertThat(r.output()).contains("starting cluster 15/main");
  }

  @Test
  void installedButDownIsStarted() throws Exception {
    root();
    jsonAndCurl();
    postgres(false, true);
    Result r = setUp();
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.calls()).contains("pg_ctlcluster --skip-systemctl-redirect 15 main start");
    assertThat(r.calls()).doesNotContain("apt-get");
  }

  @Test
  void installedButDownAndNotStartableByThisUserPrintsTheCommand() throws Exception {
    jsonAndCurl();
    postgres(false, true);
    Files.writeString(state.resolve("start-fails"), "");
    Result r = setUp();
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.output()).contains("as root, run: pg_ctlcluster 15 main start");
  }

  @Test
  void upButAskingForAPasswordLetsPostgresInFromLoopbackAsRoot() throws Exception {
    root();
    jsonAndCurl();
    postgres(true, false);
    Result r = setUp();
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(Files.readAllLines(hba))
        .as("the trust line comes first, before the rule that asks for a password")
        .element(1)
        .isEqualTo("host all postgres 127.0.0.1/32 trust");
    assertThat(Files.readAllLines(hba)).last().isEqualTo("host all all 127.0.0.1/32 scram-sha-256");
    assertThat(r.calls()).contains("pg_ctlcluster --skip-systemctl-redirect 15 main reload");
  }

  @Test
  void upButAskingForAPasswordAndNotRootPrintsTheCommand() throws Exception {
    jsonAndCurl();
    postgres(true, false);
    Result r = setUp();
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.output())
        .contains(
            "does not let the user postgres in without a password",
            "sed -i '1i host all postgres 127.0.0.1/32 trust' " + hba,
            "pg_ctlcluster 15 main reload");
    assertThat(Files.readString(hba)).doesNotContain("trust");
  }

  @Test
  void upAndTrustingNeedsNothing() throws Exception {
    jsonAndCurl();
    aptGet();
    postgres(true, true);
    Result r = setUp();
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).isEmpty();
    assertThat(r.calls()).doesNotContain("apt-get", "pg_ctlcluster");
  }

  @Test
  void onlyTheJsonReaderMissingAsksForJq() throws Exception {
    stub("curl", "exit 0");
    aptGet();
    postgres(true, true);
    Result r = setUp();
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.output()).contains("jq missing; install them as root with: apt-get update &&");
  }

  // ---- the stubs -------------------------------------------------------------------------------

  void root() throws IOException {
    Files.writeString(state.resolve("uid"), "0\n");
  }

  void jsonAndCurl() throws IOException {
    stub("curl", "exit 0");
    stub("python3", "exit 0");
  }

  /**
   * The PostgreSQL tools of a Debian cluster 15/main: {@code up} whether it runs; {@code trusting}
   * whether it lets postgres in without a password from the start (otherwise only once pg_hba.conf
   * says so and the server reloaded).
   */
  void postgres(boolean up, boolean trusting) throws IOException {
    if (up) {
      Files.writeString(state.resolve("up"), "");
    }
    if (trusting) {
      Files.writeString(state.resolve("trusting"), "");
    }
    Files.writeString(state.resolve("hba-path"), hba + "\n");
    writePostgresStubs(stubs);
  }

  void writePostgresStubs(Path into) throws IOException {
    stub(
        into,
        "pg_lsclusters",
        "if [ -e \"$STUB_STATE/up\" ]; then s=online; else s=down; fi\n"
            + "echo \"15 main $MAGNUS_PG_PORT $s postgres /var/lib/postgresql/15/main"
            + " /var/log/postgresql/postgresql-15-main.log\"");
    stub(
        into,
        "pg_ctlcluster",
        "case \"$*\" in\n"
            + "  *start) [ -e \"$STUB_STATE/start-fails\" ] && exit 1; touch \"$STUB_STATE/up\" ;;\n"
            + "  *reload) grep -q '^host all postgres 127.0.0.1/32 trust$' \"$(cat"
            + " \"$STUB_STATE/hba-path\")\" && touch \"$STUB_STATE/trusting\" ;;\n"
            + "esac");
    stub(into, "pg_isready", "[ -e \"$STUB_STATE/up\" ]");
    stub(into, "psql", "[ -e \"$STUB_STATE/up\" ] && [ -e \"$STUB_STATE/trusting\" ]");
    stub(into, "pg_conftool", "cat \"$STUB_STATE/hba-path\"");
  }

  /** apt-get: install fails while the package lists are stale; it brings the cluster (down). */
  void aptGet() throws IOException {
    Path later = Files.createDirectories(dir.resolve("installed"));
    writePostgresStubs(later);
    Files.writeString(state.resolve("hba-path"), hba + "\n");
    Files.writeString(state.resolve("trusting"), "");
    stub(
        "apt-get",
        "case \"$1\" in\n"
            + "  update) rm -f \"$STUB_STATE/stale-lists\" ;;\n"
            + "  install) [ -e \"$STUB_STATE/stale-lists\" ] && exit 100\n"
            + "    cp "
            + later
            + "/* "
            + stubs
            + "/ ;;\n"
            + "esac");
  }

  void stub(String name, String body) throws IOException {
    stub(stubs, name, body);
  }

  void stub(Path into, String name, String body) throws IOException {
    Path file = into.resolve(name);
    Files.writeString(
        file,
        "#!/bin/bash\necho \"" + name + " $*\" >>\"$STUB_STATE/calls\"\n" + body + "\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** Runs magnus_setup from bin/common.sh with only the stubs and the plain tools on the PATH. */
  Result setUp() throws Exception {
    ProcessBuilder bash =
        new ProcessBuilder(
                "/bin/bash", "-c", "source \"$1\" && magnus_setup", "setup", COMMON.toString())
            .redirectErrorStream(true);
    bash.environment().clear();
    bash.environment().put("PATH", stubs + ":" + dir.resolve("tools"));
    bash.environment().put("STUB_STATE", state.toString());
    // A port that nothing answers on, whatever this machine runs on 5432; the stub cluster is on
    // it.
    bash.environment().put("MAGNUS_PG_PORT", PORT);
    Process process = bash.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("magnus_setup ended").isTrue();
    Path calls = state.resolve("calls");
    return new Result(
        process.exitValue(), output, Files.exists(calls) ? Files.readString(calls) : "");
  }
}
