package com.zenith.functions.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zenith.functions.local.engine.Engine;
import com.zenith.functions.local.store.ResourceType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traces under zenith dev with real processes: gateway spans and traceparent propagation for
 * uninstrumented Python functions, broker deliveries in the call graph, and the OpenTelemetry Java
 * agent attached to a Java function that has no SDK.
 */
class TracesDevSessionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OURS = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
  private static final String EVENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @TempDir Path work;
  private final HttpClient client =
      HttpClient.newBuilder()
          .proxy(HttpClient.Builder.NO_PROXY)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private static final String FRONT =
      """
      import json, os, urllib.request
      from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
      class H(BaseHTTPRequestHandler):
          protocol_version = "HTTP/1.1"
          def do_GET(self):
              got = self.headers.get("traceparent", "")
              # Uninstrumented: the call to back carries no trace context of its own.
              with urllib.request.urlopen("http://back.default.svc.cluster.local/") as r:
                  back = r.read().decode()
              body = json.dumps({"got": got, "back": back}).encode()
              self.send_response(200)
              self.send_header("Content-Type", "application/json")
              self.send_header("Content-Length", str(len(body)))
              self.end_headers()
              self.wfile.write(body)
          def log_message(self, *a):
              pass
      ThreadingHTTPServer((os.environ["HOST"], int(os.environ["PORT"])), H).serve_forever()
      """;

  private static final String BACK =
      """
      import os
      from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
      class H(BaseHTTPRequestHandler):
          protocol_version = "HTTP/1.1"
          def answer(self):
              n = int(self.headers.get("Content-Length", "0"))
              if n:
                  self.rfile.read(n)
              body = self.headers.get("traceparent", "").encode()
              self.send_response(200)
              self.send_header("Content-Length", str(len(body)))
              self.end_headers()
              self.wfile.write(body)
          do_GET = answer
          do_POST = answer
          def log_message(self, *a):
              pass
      ThreadingHTTPServer((os.environ["HOST"], int(os.environ["PORT"])), H).serve_forever()
      """;

  private Engine start(Path cache, ByteArrayOutputStream out, String... functions)
      throws Exception {
    Path manifest = work.resolve("fns.yaml");
    Files.writeString(manifest, String.join("---\n", functions));
    DevOptions base =
        TestManifests.options(
            work,
            Duration.ofMinutes(2),
            false,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            manifest);
    Engine e =
        new Engine(
            new DevOptions(
                base.paths(),
                false,
                0,
                0,
                "127.0.0.1",
                base.sources(),
                cache,
                base.stateDir(),
                base.readyTimeout(),
                false,
                true,
                false,
                base.console(),
                base.gitPoll(),
                false));
    e.start();
    assertThat(e.awaitSettled(Duration.ofMinutes(5))).as("ready: %s", out).isTrue();
    return e;
  }

  private void python(String name, String code) throws Exception {
    Path src = Files.createDirectories(work.resolve(name));
    Files.writeString(src.resolve("requirements.txt"), "# standard library only\n");
    Files.writeString(src.resolve("main.py"), code);
  }

  private HttpResponse<String> get(Engine e, String path, boolean token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + e.port() + path))
            .timeout(Duration.ofSeconds(30));
    if (token) {
      b.header("Authorization", "Bearer " + e.token());
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Polls the traces endpoint until a span matches (or 60 s pass); returns every span seen. */
  private List<JsonNode> awaitSpan(Engine e, String query, Predicate<JsonNode> wanted)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    List<JsonNode> spans = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      spans.clear();
      for (JsonNode t :
          JSON.readTree(get(e, "/_zenith/v1/traces" + query, true).body()).path("traces")) {
        t.path("spans").forEach(spans::add);
      }
      if (spans.stream().anyMatch(wanted)) {
        return spans;
      }
      Thread.sleep(200);
    }
    return spans;
  }

  @Test
  void uninstrumentedPythonFunctionsShowUpAsGatewaySpansInTheGraphAndGetTheirTraceparent()
      throws Exception {
    Toolchains.require("python3");
    python("front", FRONT);
    python("back", BACK);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Engine e =
        start(
            work.resolve("cache"),
            out,
            TestManifests.function("front", "  deploy: {}\n"),
            TestManifests.function("back", "  deploy: {}\n  eventing:\n    broker: default\n"),
            "apiVersion: eventing.knative.dev/v1\nkind: Broker\nmetadata:\n  name: default\n")) {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + e.port() + "/_zenith/fn/default/front/"))
                  .header("traceparent", OURS)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode answer = JSON.readTree(r.body());
      String frontGot = answer.path("got").asText();
      String backGot = answer.path("back").asText();
      // The gateway continued our trace with a span of its own as the parent...
      assertThat(frontGot).startsWith("00-0af7651916cd43dd8448eb211c80319c-").endsWith("-01");
      assertThat(frontGot).doesNotContain("b7ad6b7169203331");
      // ...and started a trace for the call front made without any context.
      assertThat(backGot).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
      String frontHop = frontGot.split("-")[2];
      String backTrace = backGot.split("-")[1];
      String backHop = backGot.split("-")[2];

      List<JsonNode> spans =
          awaitSpan(e, "?function=front", s -> s.path("spanId").asText().equals(frontHop));
      JsonNode front =
          spans.stream()
              .filter(s -> s.path("spanId").asText().equals(frontHop))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no gateway span for front: " + spans));
      assertThat(front.path("traceId").asText()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
      assertThat(front.path("parentSpanId").asText()).isEqualTo("b7ad6b7169203331");
      assertThat(front.path("service").asText()).isEqualTo("front");
      assertThat(front.path("name").asText()).isEqualTo("front");
      assertThat(front.path("source").asText()).isEqualTo("gateway");
      assertThat(front.path("status").asText()).isEqualTo("UNSET");
      assertThat(front.path("attributes").path("zenith.caller").asText()).isEqualTo("external");
      assertThat(front.path("durationMs").asDouble()).isPositive();

      List<JsonNode> backSpans =
          awaitSpan(e, "?function=back", s -> s.path("spanId").asText().equals(backHop));
      JsonNode back =
          backSpans.stream()
              .filter(s -> s.path("spanId").asText().equals(backHop))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no gateway span for back: " + backSpans));
      assertThat(back.path("traceId").asText()).isEqualTo(backTrace);
      assertThat(back.path("parentSpanId").isNull()).isTrue();
      assertThat(back.path("attributes").path("zenith.caller").asText()).isEqualTo("default/front");

      // A broker delivery continues the event's traceparent extension.
      HttpResponse<String> published =
          client.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:" + e.port() + "/_zenith/broker/default/default"))
                  .header("ce-specversion", "1.0")
                  .header("ce-id", "evt-1")
                  .header("ce-source", "test")
                  .header("ce-type", "com.example.test")
                  .header("ce-traceparent", EVENT)
                  .POST(HttpRequest.BodyPublishers.ofString(""))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(published.statusCode()).as(published.body()).isEqualTo(202);
      List<JsonNode> delivered =
          awaitSpan(
              e,
              "?function=back&since=5m",
              s -> s.path("traceId").asText().equals("4bf92f3577b34da6a3ce929d0e0e4736"));
      JsonNode delivery =
          delivered.stream()
              .filter(s -> s.path("traceId").asText().equals("4bf92f3577b34da6a3ce929d0e0e4736"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no delivery span: " + delivered));
      assertThat(delivery.path("parentSpanId").asText()).isEqualTo("00f067aa0ba902b7");
      assertThat(delivery.path("attributes").path("zenith.caller").asText())
          .isEqualTo("broker:default/default");

      JsonNode graph = JSON.readTree(get(e, "/_zenith/v1/graph", true).body());
      assertThat(edge(graph, "external", "default/front").path("requests").asLong()).isEqualTo(1);
      JsonNode frontToBack = edge(graph, "default/front", "default/back");
      assertThat(frontToBack.path("requests").asLong()).isEqualTo(1);
      assertThat(frontToBack.path("errors").asLong()).isZero();
      assertThat(frontToBack.path("p99Ms").asDouble()).isPositive();
      assertThat(edge(graph, "broker:default/default", "default/back").path("requests").asLong())
          .isEqualTo(1);
      assertThat(graph.path("nodes").findValuesAsText("kind"))
          .contains("external", "function", "broker");

      assertThat(get(e, "/_zenith/v1/traces", false).statusCode()).isEqualTo(401);
      assertThat(get(e, "/_zenith/v1/graph", false).statusCode()).isEqualTo(401);
      HttpResponse<String> bad = get(e, "/_zenith/v1/traces?since=soon", true);
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("invalid duration 'soon'");
    }
  }

  private static final String GO_FRONT =
      """
      package main

      import (
      	"io"
      	"net/http"
      	"os"
      )

      // Uninstrumented: Go's default client, through HTTP_PROXY, no trace context of its own.
      func main() {
      	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
      		res, err := http.Get("http://back.default.svc.cluster.local/")
      		if err != nil {
      			http.Error(w, err.Error(), 502)
      			return
      		}
      		defer res.Body.Close()
      		io.Copy(w, res.Body)
      	})
      	http.ListenAndServe(os.Getenv("HOST")+":"+os.Getenv("PORT"), nil)
      }
      """;

  @Test
  void anUninstrumentedGoFunctionShowsUpInTheCallGraphAndAsGatewaySpans() throws Exception {
    Toolchains.require("go", "python3");
    Path src = Files.createDirectories(work.resolve("gofront"));
    Files.writeString(src.resolve("go.mod"), "module gofront\n\ngo 1.19\n");
    Files.writeString(src.resolve("main.go"), GO_FRONT);
    python("back", BACK);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Engine e =
        start(
            work.resolve("cache"),
            out,
            TestManifests.function("gofront", "  deploy: {}\n"),
            TestManifests.function("back", "  deploy: {}\n"))) {
      HttpResponse<String> r = get(e, "/_zenith/fn/default/gofront/", false);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

      List<JsonNode> spans =
          awaitSpan(
              e,
              "?function=gofront",
              s ->
                  "gofront".equals(s.path("service").asText())
                      && "gateway".equals(s.path("source").asText()));
      assertThat(spans)
          .as("a gateway span for the Go function")
          .anyMatch(
              s ->
                  "gofront".equals(s.path("service").asText())
                      && "gateway".equals(s.path("source").asText()));
      JsonNode graph = JSON.readTree(get(e, "/_zenith/v1/graph", true).body());
      assertThat(edge(graph, "external", "default/gofront").path("requests").asLong()).isEqualTo(1);
      assertThat(edge(graph, "default/gofront", "default/back").path("requests").asLong())
          .isEqualTo(1);
    }
  }

  private static JsonNode edge(JsonNode graph, String from, String to) {
    for (JsonNode e : graph.path("edges")) {
      if (e.path("from").asText().equals(from) && e.path("to").asText().equals(to)) {
        return e;
      }
    }
    throw new AssertionError("no edge " + from + " -> " + to + " in " + graph);
  }

  @Test
  void aJavaFunctionWithTheAgentAndNoSdkExportsItsSpansIntoTheSameTrace() throws Exception {
    Toolchains.require("mvn", "python3");
    python("back", BACK);
    Path src = Files.createDirectories(work.resolve("javafn/src/main/java/example"));
    Files.writeString(
        work.resolve("javafn/pom.xml"),
        Files.readString(Path.of("..", "examples", "polyglot", "java-greeter", "pom.xml"))
            .replace("java-greeter", "javafn")
            .replace("example.Greeter", "example.Main"));
    Files.writeString(
        src.resolve("Main.java"),
        """
        package example;

        import com.sun.net.httpserver.HttpServer;
        import java.net.InetSocketAddress;
        import java.net.URI;
        import java.net.http.HttpClient;
        import java.net.http.HttpRequest;
        import java.net.http.HttpResponse;

        /** No SDK: the agent alone makes its spans. */
        public class Main {
          public static void main(String[] args) throws Exception {
            HttpClient http = HttpClient.newHttpClient();
            HttpServer s =
                HttpServer.create(
                    new InetSocketAddress("127.0.0.1", Integer.parseInt(System.getenv("PORT"))), 0);
            s.createContext(
                "/",
                ex -> {
                  try {
                    String body =
                        http.send(
                                HttpRequest.newBuilder(
                                        URI.create("http://back.default.svc.cluster.local/"))
                                    .build(),
                                HttpResponse.BodyHandlers.ofString())
                            .body();
                    byte[] b = body.getBytes();
                    ex.sendResponseHeaders(200, b.length);
                    ex.getResponseBody().write(b);
                  } catch (InterruptedException e) {
                    ex.sendResponseHeaders(500, -1);
                  }
                  ex.close();
                });
            s.start();
          }
        }
        """);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // The agent (26 MB) is cached in the build directory, so a second run does not fetch it.
    Path cache = Path.of("target", "traces-test-cache").toAbsolutePath();
    try (Engine e =
        start(
            cache,
            out,
            TestManifests.function(
                "javafn",
                "  deploy: {}\n"
                    + "  observability:\n"
                    + "    tracing:\n"
                    + "      enabled: true\n"
                    + "      autoInstrumentation:\n"
                    + "        language: java\n"),
            TestManifests.function("back", "  deploy: {}\n"))) {
      JsonNode tracing = tracingReady(e, "javafn");
      assumeTrue(
          !"InstrumentationFailed".equals(tracing.path("reason").asText()),
          "the OpenTelemetry Java agent could not be fetched here: " + tracing);
      assertThat(tracing.path("status").asText()).as(tracing.toString()).isEqualTo("True");
      assertThat(tracing.path("message").asText()).contains("OpenTelemetry Java agent");

      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + e.port() + "/_zenith/fn/default/javafn/"))
                  .header("traceparent", OURS)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

      List<JsonNode> spans =
          awaitSpan(
              e,
              "?function=javafn",
              s ->
                  s.path("source").asText().equals("otlp")
                      && s.path("kind").asText().equals("CLIENT"));
      List<JsonNode> agent =
          spans.stream().filter(s -> s.path("source").asText().equals("otlp")).toList();
      assertThat(agent).as("spans: %s%nengine: %s", spans, out).isNotEmpty();
      assertThat(agent)
          .allSatisfy(
              s -> {
                assertThat(s.path("service").asText()).isEqualTo("javafn");
                assertThat(s.path("traceId").asText())
                    .isEqualTo("0af7651916cd43dd8448eb211c80319c");
              });
      // The agent's client span is the parent of the gateway's hop to back, whose answer is the
      // traceparent back received: one trace from the caller through javafn to back.
      JsonNode clientSpan =
          agent.stream().filter(s -> s.path("kind").asText().equals("CLIENT")).findFirst().get();
      assertThat(r.body()).startsWith("00-0af7651916cd43dd8448eb211c80319c-");
      JsonNode hopToBack =
          spans.stream()
              .filter(
                  s ->
                      s.path("source").asText().equals("gateway")
                          && s.path("service").asText().equals("back"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no hop to back: " + spans));
      assertThat(hopToBack.path("parentSpanId").asText())
          .isEqualTo(clientSpan.path("spanId").asText());
    }
  }

  private static JsonNode tracingReady(Engine e, String name) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      var fn = e.store().get(ResourceType.FUNCTION, "default", name);
      if (fn.isPresent()) {
        for (JsonNode c : fn.get().path("status").path("conditions")) {
          if (c.path("type").asText().equals("TracingReady")) {
            return c;
          }
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no TracingReady condition on " + name);
  }
}
