package com.zenith.functions.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** zenith dev, get and invoke as a user runs them: the real CLI in its own JVM. */
class DevCommandTest {
  private static final Path SIGNER =
      Path.of("..", "examples", "polyglot", "python-signer.yaml").toAbsolutePath().normalize();

  @TempDir Path state;
  @TempDir Path cache;

  private record Run(int code, String out, String err) {}

  private static Run inProcess(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        ZenithCommand.execute(
            args, new PrintWriter(out, true), new PrintWriter(err, true), Style.plain());
    return new Run(code, out.toString(), err.toString());
  }

  private Process zenith(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ZenithCommand.class.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("ZENITH_STATE_DIR", state.toString());
    pb.environment().put("ZENITH_CACHE_DIR", cache.toString());
    pb.environment().put("NO_COLOR", "1");
    return pb.start();
  }

  @Test
  void aBadManifestIsRejectedBeforeAnythingStarts() throws Exception {
    Path bad =
        Path.of("..", "api", "src", "test", "resources", "invalid", "12-min-greater-than-max.yaml");

    Process p = zenith("dev", "--port", "0", SIGNER.toString(), bad.toString());
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(ExitCodes.INVALID);
    assertThat(out)
        .contains("12-min-greater-than-max.yaml:11:5: error: spec.deploy.scale")
        .contains("nothing was started");
    assertThat(out).doesNotContain("gateway on");
    assertThat(Files.exists(state.resolve("session.json"))).isFalse();
  }

  @Test
  void getAndInvokeTalkToTheRunningSessionAndSigtermLeavesNoProcess() throws Exception {
    Process dev = zenith("dev", "--port", "0", SIGNER.toString());
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(dev.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    int port = -1;
    Pattern gatewayLine = Pattern.compile("gateway on http://127\\.0\\.0\\.1:(\\d+)");
    String line;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline && (line = lines.readLine()) != null) {
      seen.append(line).append('\n');
      Matcher m = gatewayLine.matcher(line);
      if (m.find()) {
        port = Integer.parseInt(m.group(1));
      }
      if (line.contains("python-signer | ready on")) {
        break;
      }
    }
    assertThat(seen.toString()).as(seen.toString()).contains("ready on");
    List<ProcessHandle> children = dev.toHandle().descendants().toList();
    assertThat(children).isNotEmpty();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                lines.lines().forEach(l -> {});
              } catch (java.io.UncheckedIOException e) {
                // the process ended
              }
            });

    Run get = inProcess("get", "--port", Integer.toString(port));
    Run invoke =
        inProcess(
            "invoke",
            "python-signer",
            "--path",
            "/sign?name=Grace",
            "--port",
            Integer.toString(port));
    Run unknown = inProcess("invoke", "nobody", "--port", Integer.toString(port));

    assertThat(get.code()).isZero();
    assertThat(get.out())
        .containsPattern(
            "python-signer\\s+True\\s+Ready\\s+http://python-signer.default.svc.cluster.local");
    assertThat(invoke.code()).isZero();
    assertThat(invoke.out()).contains("Hello, Grace!");
    assertThat(unknown.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(unknown.out()).contains("unknown host");

    dev.destroy(); // SIGTERM
    assertThat(dev.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(dev.exitValue()).isZero();
    for (ProcessHandle child : children) {
      child.onExit().get(5, TimeUnit.SECONDS);
      assertThat(child.isAlive()).as("child %s", child.pid()).isFalse();
    }
    assertThat(Files.exists(state.resolve("session.json"))).isFalse();
  }

  @Test
  void getWithoutASessionSaysSo() {
    Run r = inProcess("get", "--port", "1");
    assertThat(r.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(r.err()).contains("no zenith dev session answers on port 1");
  }
}
