package com.zenith.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.zenith.functions.local.engine.Engine;
import io.dapr.v1.CommonProtos;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprInvokeProtos;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
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
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official Dapr JavaScript SDK (npm {@code @dapr/dapr} 3.18, HTTP mode) in a Node function
 * under the engine: it finds its "sidecar" from the environment the engine gives, waits for it, and
 * invokes other functions by app ID, bare and namespaced. Skipped when node or npm is missing
 * (fails under CI=true); skipped when the SDK cannot be installed (fails under CI=true too).
 */
class DaprJsSdkTest {
  private static final String SDK = "@dapr/dapr@3.18";
  private static final Path SDK_DIR = Path.of("target", "dapr-js").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;
  private static Engine engine;
  private static HttpClient client;
  private static final ByteArrayOutputStream console = new ByteArrayOutputStream();

  @BeforeAll
  static void start() throws Exception {
    Toolchains.require("node", "npm");
    installSdk();
    Path files = Files.createDirectories(work.resolve("files"));
    Files.writeString(
        files.resolve("functions.yaml"),
        function("dapr-caller", "default", "caller.js", "")
            + "---\n"
            + function("greeter", "default", "greeter.js", "")
            + "---\n"
            + function("ledger", "prod", "greeter.js", "      appID: books\n"));
    engine =
        new Engine(
            TestManifests.options(
                work,
                Duration.ofSeconds(60),
                false,
                new PrintStream(console, true, StandardCharsets.UTF_8),
                files));
    engine.start();
    assertThat(engine.awaitSettled(Duration.ofMinutes(2)))
        .as("all ready; console:%n%s", console)
        .isTrue();
    client =
        HttpClient.newBuilder()
            .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", engine.port())))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  @AfterAll
  static void stop() {
    if (engine != null) {
      engine.close();
    }
  }

  private static void installSdk() throws Exception {
    if (Files.isDirectory(SDK_DIR.resolve("node_modules/@dapr/dapr"))) {
      return;
    }
    Files.createDirectories(SDK_DIR);
    Process npm =
        new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--silent", SDK)
            .directory(SDK_DIR.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean done = npm.waitFor(300, TimeUnit.SECONDS);
    boolean ok = done && npm.exitValue() == 0;
    if (!ok && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("npm install " + SDK + " failed under CI: " + out);
    }
    Assumptions.assumeTrue(ok, "npm install " + SDK + " failed (offline?): " + out);
  }

  /** A Node function with Dapr enabled, its source one of the test's scripts. */
  private static String function(String name, String namespace, String script, String dapr)
      throws Exception {
    Path src = Files.createDirectories(work.resolve("src").resolve(namespace + "-" + name));
    try (InputStream in = DaprJsSdkTest.class.getResourceAsStream("/dapr-js/" + script)) {
      Files.copy(in, src.resolve("index.js"), StandardCopyOption.REPLACE_EXISTING);
    }
    Files.writeString(
        src.resolve("package.json"),
        "{\"name\": \"" + name + "\", \"version\": \"1.0.0\", \"private\": true}\n");
    return """
        apiVersion: functions.zenith.com/v1alpha1
        kind: Function
        metadata:
          name: %s
          namespace: %s
          annotations:
            functions.zenith.com/local-source: %s
        spec:
          gitRepo: https://github.com/myorg/%s
          build:
            image: registry.example.com/%s
          deploy:
            env:
              - name: NODE_PATH
                value: %s
            dapr:
              enabled: true
        %s"""
        .formatted(name, namespace, src, name, name, SDK_DIR.resolve("node_modules"), dapr);
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(
                    URI.create("http://dapr-caller.default.svc.cluster.local" + path))
                .timeout(Duration.ofSeconds(60))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("%s; console:%n%s", r.body(), console).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static JsonNode call(String appId) throws Exception {
    return get("/call?id=" + appId).path("answer");
  }

  @Test
  void theJsSdkInHttpModeInvokesAFunctionByAppIdFromANodeFunction() throws Exception {
    JsonNode answer = call("greeter");

    assertThat(answer.path("from").asText()).isEqualTo("greeter");
    assertThat(answer.path("method").asText()).isEqualTo("POST");
    assertThat(answer.path("url").asText()).isEqualTo("/hello?lang=en");
    assertThat(answer.path("caller").asText()).isEqualTo("dapr-caller");
    assertThat(answer.path("body").path("name").asText()).isEqualTo("Ada");
  }

  @Test
  void theJsSdkReachesAnotherNamespaceByANamespacedAppId() throws Exception {
    JsonNode answer = call("books.prod");

    assertThat(answer.path("from").asText()).isEqualTo("ledger");
    assertThat(answer.path("caller").asText()).isEqualTo("dapr-caller");
  }

  @Test
  void theFunctionsDaprGrpcPortServesInvokeServiceAsThatFunction() throws Exception {
    JsonNode env = get("/env");
    assertThat(env.path("DAPR_HOST").asText()).isEqualTo("127.0.0.1");
    assertThat(env.path("APP_ID").asText()).isEqualTo("dapr-caller");
    int grpcPort = env.path("DAPR_GRPC_PORT").asInt();
    assertThat(grpcPort).isPositive().isNotEqualTo(env.path("DAPR_HTTP_PORT").asInt());

    // The test speaks on the function's behalf on its port, as a Go SDK client in it would.
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
    try {
      var r =
          DaprGrpc.newBlockingStub(channel)
              .withDeadlineAfter(30, TimeUnit.SECONDS)
              .invokeService(
                  DaprInvokeProtos.InvokeServiceRequest.newBuilder()
                      .setId("greeter")
                      .setMessage(
                          CommonProtos.InvokeRequest.newBuilder()
                              .setMethod("hello")
                              .setContentType("application/json")
                              .setData(
                                  Any.newBuilder()
                                      .setValue(ByteString.copyFromUtf8("{\"name\":\"Grace\"}"))))
                      .build());
      JsonNode answer = JSON.readTree(r.getData().getValue().toStringUtf8());
      assertThat(answer.path("from").asText()).isEqualTo("greeter");
      assertThat(answer.path("caller").asText()).isEqualTo("dapr-caller");
      assertThat(answer.path("body").path("name").asText()).isEqualTo("Grace");
      assertThat(r.getContentType()).startsWith("application/json");
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
