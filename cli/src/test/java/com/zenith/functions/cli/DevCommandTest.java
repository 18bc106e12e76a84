package com.zenith.functions.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** zenith dev, get and invoke as a user runs them: the real CLI in its own JVM. */
class DevCommandTest {
  private static final Path SIGNER =
      Path.of("..", "examples", "polyglot", "python-signer.yaml").toAbsolutePath().normalize();

  @TempDir Path dir;

  /** A zenith dev this test started: killed after the test if an assertion stopped it early. */
  private Process started;

  @org.junit.jupiter.api.AfterEach
  void stopWhatIsLeft() throws InterruptedException {
    if (started != null && started.isAlive()) {
      started.destroyForcibly(); // its functions die with it (parent-death signal)
      started.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aBadManifestIsRejectedBeforeAnythingStarts() throws Exception {
    Path bad =
        Path.of("..", "api", "src", "test", "resources", "invalid", "12-min-greater-than-max.yaml");

    Process p = CliRun.start(dir, "dev", "--port", "0", SIGNER.toString(), bad.toString());
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(ExitCodes.INVALID);
    assertThat(out)
        .contains("12-min-greater-than-max.yaml:11:5: error: spec.deploy.scale")
        .contains("nothing was started")
        .doesNotContain("gateway on");
    assertThat(Files.exists(dir.resolve("state/session.json"))).isFalse();
  }

  @Test
  void getAndInvokeTalkToTheRunningSessionAndSigtermLeavesNoProcess() throws Exception {
    CliRun.Dev dev = CliRun.dev(dir, "python-signer | ready on", SIGNER.toString());
    started = dev.process();
    assertThat(dev.output()).contains("ready on");
    String port = Integer.toString(dev.port());
    List<ProcessHandle> children = dev.process().toHandle().descendants().toList();
    assertThat(children).isNotEmpty();

    CliRun.Result get = CliRun.separate(dir, "get");
    CliRun.Result invoke =
        CliRun.separate(
            dir, "invoke", "python-signer", "--path", "/sign?name=Grace", "--port", port);
    CliRun.Result unknown = CliRun.separate(dir, "invoke", "nobody", "--port", port);

    assertThat(get.code()).isZero();
    assertThat(get.out())
        .containsPattern(
            "python-signer\\s+True\\s+Ready\\s+http://python-signer.default.svc.cluster.local");
    assertThat(invoke.code()).isZero();
    assertThat(invoke.out()).contains("Hello, Grace!");
    assertThat(unknown.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(unknown.out()).contains("unknown host");
    CliRun.Result logs = CliRun.separate(dir, "logs", "python-signer", "--tail", "50");
    assertThat(logs.code()).isZero();
    assertThat(logs.out())
        .contains("python-signer listening on 127.0.0.1:")
        .contains("/sign?name=Grace");
    CliRun.Result table = CliRun.separate(dir, "get", "-o", "wide");
    assertThat(table.out())
        .as("the table reaches a real standard output")
        .containsPattern("NAME\\s+READY\\s+REASON\\s+URL\\s+IMAGE\\s+AGE")
        .containsPattern("python-signer\\s+True\\s+Ready\\s+\\S+\\s+sha256:");
    CliRun.Result url =
        CliRun.separate(dir, "get", "python-signer", "-o", "jsonpath={.status.url}");
    assertThat(url.out().strip()).isEqualTo("http://python-signer.default.svc.cluster.local");
    CliRun.Result waited = CliRun.separate(dir, "get", "--wait", "--timeout", "30");
    assertThat(waited.code()).isZero();
    CliRun.Result missing = CliRun.separate(dir, "get", "nobody");
    assertThat(missing.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(missing.err()).contains("\"nobody\" not found");
    CliRun.Result noLogs = CliRun.separate(dir, "logs", "nobody");
    assertThat(noLogs.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(noLogs.err()).contains("no log for function nobody");

    dev.process().destroy(); // SIGTERM
    assertThat(dev.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(dev.process().exitValue()).isZero();
    for (ProcessHandle child : children) {
      child.onExit().get(5, TimeUnit.SECONDS);
      assertThat(child.isAlive()).as("child %s", child.pid()).isFalse();
    }
    assertThat(Files.exists(dir.resolve("state/session.json"))).isFalse();
  }

  @Test
  void untilReadyExitsOneWhenAFunctionCannotBecomeReady() throws Exception {
    Files.createDirectories(dir.resolve("crasher"));
    Files.writeString(dir.resolve("crasher/Procfile"), "web: sh -c 'exit 3'\n");
    Files.writeString(
        dir.resolve("crasher.yaml"),
        "apiVersion: functions.zenith.com/v1alpha1\nkind: Function\nmetadata:\n  name: crasher\n"
            + "  annotations:\n    functions.zenith.com/local-source: ./crasher\n"
            + "spec:\n  gitRepo: https://github.com/o/crasher\n  build:\n    image: r/crasher\n  deploy: {}\n");

    Process p =
        CliRun.start(
            dir, "dev", "--port", "0", "--until-ready", dir.resolve("crasher.yaml").toString());
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isEqualTo(ExitCodes.INVALID);
    assertThat(out).contains("crasher: False ProcessCrashed - Process exited with code 3");
  }

  @Test
  void getWithoutAnEngineSaysSo() throws Exception {
    CliRun.Result r = CliRun.separate(dir, "get");

    assertThat(r.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(r.err()).contains("no zenith dev engine is running");
  }

  @Test
  void getRefusesAnUnknownOutputFormat() throws Exception {
    CliRun.Result r = CliRun.separate(dir, "get", "-o", "xml");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("unknown output format \"xml\"");
  }

  @Test
  void aGitPollThatIsNotADurationIsAUsageError() throws Exception {
    CliRun.Result r = CliRun.separate(dir, "dev", "--git-poll", "soon", SIGNER.toString());

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--git-poll=soon is not a duration");
  }
}
