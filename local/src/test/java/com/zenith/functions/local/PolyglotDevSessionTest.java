package com.zenith.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.api.validation.ManifestValidator;
import com.zenith.functions.api.validation.ValidationResult;
import com.zenith.functions.local.engine.Engine;
import com.zenith.functions.local.status.FunctionView;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: zenith dev on examples/polyglot, four functions in Java, Go, Node and Python, each
 * calling the next by its cluster URL with its language's default HTTP client.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PolyglotDevSessionTest {
  private static final Path EXAMPLE =
      Path.of("..", "examples", "polyglot").toAbsolutePath().normalize();
  private static final String GREETER = "http://java-greeter.default.svc.cluster.local/?name=Ada";

  @TempDir static Path cache;
  @TempDir static Path state;
  private static Engine session;
  private static HttpClient client;
  private static final ByteArrayOutputStream console = new ByteArrayOutputStream();

  static DevOptions options(Path cacheDir, Path stateDir, PrintStream out, Path... paths) {
    return new DevOptions(
        List.of(paths),
        false,
        0,
        0,
        "127.0.0.1",
        Map.of(),
        cacheDir,
        stateDir,
        Duration.ofSeconds(60),
        false,
        true,
        false,
        out,
        java.time.Duration.ZERO);
  }

  @BeforeAll
  static void start() throws Exception {
    Toolchains.require("mvn", "go", "node", "python3");
    ValidationResult manifests = new ManifestValidator().validatePaths(List.of(EXAMPLE), false);
    assertThat(manifests.hasErrors()).isFalse();
    session =
        new Engine(
            options(cache, state, new PrintStream(console, true, StandardCharsets.UTF_8), EXAMPLE));
    session.start();
    assertThat(session.awaitSettled(Duration.ofMinutes(4)))
        .as("all ready; console:%n%s", console)
        .isTrue();
    client =
        HttpClient.newBuilder()
            .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", session.port())))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  @AfterAll
  static void stop() {
    if (session != null) {
      session.close();
    }
  }

  private static FunctionView view(String name) {
    return session.views().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Order(1)
  void theChainAnswersThroughTheGatewayAcrossFourLanguages() throws Exception {
    HttpResponse<String> r = get(GREETER);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains(
            "\"chain\":[\"java-greeter (java)\",\"go-enricher (go)\",\"node-relay (node)\",\"python-signer (python)\"]")
        .contains("\"message\":\"Hello, Ada!\"");
  }

  @Test
  @Order(2)
  void everyFunctionIsReadyWithItsClusterUrlAndTheAccessLogNamesCallers() throws Exception {
    assertThat(session.views()).extracting(FunctionView::ready).containsOnly("True");
    assertThat(session.views())
        .extracting(FunctionView::url)
        .contains("http://go-enricher.default.svc.cluster.local");
    String line = "go-enricher -> default/node-relay GET /relay?name=Ada 200";
    Path accessLog = state.resolve("logs/access.log");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline && !Files.readString(accessLog).contains(line)) {
      Thread.sleep(100); // the access log is written in the background, after the answer
    }
    String access = Files.readString(accessLog);
    assertThat(access).contains(line);
  }

  @Test
  @Order(3)
  void sixtyFourConcurrentRequestsThroughTheThreeHopChainAllComplete() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      calls.add(
          client.sendAsync(
              HttpRequest.newBuilder(URI.create(GREETER)).timeout(Duration.ofSeconds(60)).build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
    for (var c : calls) {
      assertThat(c.get().statusCode()).isEqualTo(200);
    }
  }

  @Test
  @Order(4)
  void aKilledFunctionRestartsByItselfAndARequestMeanwhileWaitsForIt() throws Exception {
    int port =
        session.views().stream()
            .filter(v -> v.name().equals("python-signer"))
            .findFirst()
            .orElseThrow()
            .port();
    ProcessHandle victim =
        ProcessHandle.current()
            .descendants()
            .filter(p -> p.info().commandLine().orElse("").contains("main.py"))
            .findFirst()
            .orElseThrow();

    victim.destroyForcibly();
    victim.onExit().get(10, TimeUnit.SECONDS);
    long seen = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < seen && !"ProcessCrashed".equals(view("python-signer").reason())) {
      Thread.sleep(20);
    }
    // As Knative's activator holds requests for a revision that is coming up, the gateway holds
    // this one until the restarted process answers.
    HttpResponse<String> during =
        get("http://python-signer.default.svc.cluster.local/sign?name=Wait");

    assertThat(during.statusCode()).as(during.body()).isEqualTo(200);
    assertThat(during.body()).contains("Wait");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && !session.allReady()) {
      Thread.sleep(100);
    }
    assertThat(session.allReady()).isTrue();
    FunctionView signer =
        session.views().stream()
            .filter(v -> v.name().equals("python-signer"))
            .findFirst()
            .orElseThrow();
    assertThat(signer.restarts()).isEqualTo(1);
    assertThat(signer.port()).isNotEqualTo(port);
    assertThat(get(GREETER).statusCode()).isEqualTo(200);
  }

  @Test
  @Order(5)
  void aSecondSessionIsACacheHitAndStoppingLeavesNoProcess() throws Exception {
    List<ProcessHandle> first = ProcessHandle.current().descendants().toList();
    assertThat(first).isNotEmpty();
    session.close();
    session = null;
    assertThat(first).noneMatch(ProcessHandle::isAlive);

    ByteArrayOutputStream again = new ByteArrayOutputStream();
    ValidationResult manifests = new ManifestValidator().validatePaths(List.of(EXAMPLE), false);
    try (Engine second =
        new Engine(
            options(cache, state, new PrintStream(again, true, StandardCharsets.UTF_8), EXAMPLE))) {
      second.start();
      assertThat(second.awaitSettled(Duration.ofMinutes(2))).isTrue();
      String out = again.toString(StandardCharsets.UTF_8);
      assertThat(out)
          .contains("java-greeter | cache hit, not rebuilt")
          .contains("go-enricher | cache hit, not rebuilt");
    }
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
        .isEmpty();
  }
}
