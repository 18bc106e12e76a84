package com.zenith.functions.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zenith.functions.local.engine.Engine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store outlives the engine: a restart brings back what was applied, and only that. */
class EngineRestartTest {
  @TempDir Path work;
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();

  private DevOptions options() {
    return new DevOptions(
        List.of(),
        false,
        0,
        0,
        "127.0.0.1",
        Map.of(),
        work.resolve("cache"),
        work.resolve("state"),
        Duration.ofSeconds(30),
        false,
        false,
        false,
        new PrintStream(console, true, StandardCharsets.UTF_8),
        java.time.Duration.ZERO);
  }

  @Test
  void aRestartOnTheSameStateDirectoryBringsBackTheAppliedFunctionsButNotADeletedOne()
      throws Exception {
    Kubectl.require();
    Toolchains.require("python3");
    try (Engine first = new Engine(options())) {
      first.start();
      Kubectl kubectl = new Kubectl(first.kubeconfig(), work);
      for (String fn : List.of("kept", "also-kept", "deleted")) {
        Kubectl.Run r =
            kubectl.in(
                work,
                LiveChangesTest.manifest(fn, LiveChangesTest.source(work, fn), "v1"),
                "apply",
                "-f",
                "-");
        assertThat(r.exit()).as(r.toString()).isZero();
      }
      Kubectl.Run delete = kubectl.run("delete", "function", "deleted");
      assertThat(delete.exit()).as(delete.toString()).isZero();
    }

    try (Engine second = new Engine(options())) {
      second.start();
      Kubectl kubectl = new Kubectl(second.kubeconfig(), work);
      for (String fn : List.of("kept", "also-kept")) {
        Kubectl.Run wait =
            kubectl.run("wait", "--for=condition=Ready", "function/" + fn, "--timeout=60s");
        assertThat(wait.exit()).as("%s%nconsole:%n%s", wait, console).isZero();
      }
      Kubectl.Run gone = kubectl.run("get", "function", "deleted");
      assertThat(gone.exit()).isNotZero();
      assertThat(gone.err()).contains("NotFound");
      Kubectl.Run names = kubectl.run("get", "functions", "-o", "name");
      assertThat(names.out().lines())
          .containsExactlyInAnyOrder(
              "function.functions.zenith.com/also-kept", "function.functions.zenith.com/kept");
      assertThat(call(second, "kept")).isEqualTo("kept: v1");
    }
  }

  @Test
  void aSecondEngineOnARunningEnginesStateDirectoryIsRefusedAndTheFirstKeepsServing()
      throws Exception {
    Kubectl.require();
    Toolchains.require("python3");
    try (Engine first = new Engine(options())) {
      first.start();
      Kubectl kubectl = new Kubectl(first.kubeconfig(), work);
      Kubectl.Run r =
          kubectl.in(
              work,
              LiveChangesTest.manifest("only", LiveChangesTest.source(work, "only"), "v1"),
              "apply",
              "-f",
              "-");
      assertThat(r.exit()).as(r.toString()).isZero();
      assertThat(kubectl.run("wait", "--for=condition=Ready", "function/only").exit()).isZero();

      Engine second = new Engine(options());
      try {
        assertThatThrownBy(second::start)
            .isInstanceOf(IOException.class)
            .hasMessageContaining(work.resolve("state").toString());
      } finally {
        second.close();
      }

      assertThat(call(first, "only")).isEqualTo("only: v1");
      Kubectl.Run get = kubectl.run("get", "function", "only", "-o", "jsonpath={.spec.deploy.env}");
      assertThat(get.exit()).as(get.toString()).isZero();
      assertThat(get.out()).contains("v1");
    }
  }

  private static String call(Engine engine, String fn) throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", engine.port())))
            .build();
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create("http://" + fn + ".default.svc.cluster.local/"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  @Test
  void closingTheEngineTwiceStopsItOnceWithoutAWarning() throws Exception {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (Engine engine = new Engine(options())) {
      engine.start();
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      engine.close(); // as zenith dev does before try-with-resources closes it again
    } finally {
      System.setErr(err);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("WARN");
    try (Engine again = new Engine(options())) {
      again.start(); // the state directory's lock was released
    }
  }
}
