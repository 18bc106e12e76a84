package com.zenith.functions.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** zenith traces against a real zenith dev --tracing session. */
class TracesCommandTest {
  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final Path FINANCIAL =
      Path.of("..", "examples", "financial").toAbsolutePath().normalize();
  private static final Set<String> CHAIN =
      Set.of("transaction-processor", "balance-manager", "audit-logger");

  @TempDir Path dir;

  @Test
  void tracesShowsTheGatewaySpanOfACallAsJsonAndAsATree() throws Exception {
    Path src = Files.createDirectories(dir.resolve("echo"));
    Files.writeString(src.resolve("requirements.txt"), "");
    // Uninstrumented; it answers with the OTel variables --tracing gave it.
    Files.writeString(
        src.resolve("main.py"),
        """
        import os
        from http.server import BaseHTTPRequestHandler, HTTPServer
        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def do_GET(self):
                body = (os.environ.get("OTEL_SERVICE_NAME", "-") + " "
                        + os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT", "-")).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
        HTTPServer((os.environ["HOST"], int(os.environ["PORT"])), H).serve_forever()
        """);
    Files.writeString(
        dir.resolve("echo.yaml"),
        """
        apiVersion: functions.zenith.com/v1alpha1
        kind: Function
        metadata:
          name: echo
          annotations:
            functions.zenith.com/local-source: ./echo
        spec:
          gitRepo: https://github.com/myorg/echo
          build:
            image: registry.example.com/echo
          deploy: {}
        """);
    CliRun.Dev dev =
        CliRun.dev(dir, "| ready on", "--tracing", dir.resolve("echo.yaml").toString());
    try {
      assertThat(dev.port()).as(dev.output()).isPositive();
      String port = Integer.toString(dev.port());
      HttpResponse<String> called =
          send(
              at(port, "/_zenith/fn/default/echo/")
                  .header("traceparent", "00-" + TRACE + "-b7ad6b7169203331-01"));
      assertThat(called.statusCode()).isEqualTo(200);
      assertThat(called.body()).matches("echo http://127\\.0\\.0\\.1:\\d+");

      CliRun.Result json = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        json = CliRun.separate(dir, "traces", "--port", port, "-o", "json", "--function", "echo");
        if (json.code() == 0 && json.out().contains(TRACE)) {
          break;
        }
        Thread.sleep(200);
      }
      assertThat(json.code()).as(json.out()).isZero();
      JsonNode spans = new ObjectMapper().readTree(json.out()).path("spans");
      assertThat(spans).hasSize(1);
      JsonNode s = spans.get(0);
      assertThat(s.path("traceId").asText()).isEqualTo(TRACE);
      assertThat(s.path("spanId").asText()).hasSize(16);
      assertThat(s.path("parentSpanId").asText()).isEqualTo("b7ad6b7169203331");
      assertThat(s.path("service").asText()).isEqualTo("echo");
      assertThat(s.path("name").asText()).isEqualTo("echo");
      assertThat(s.path("start").asText()).endsWith("Z");
      assertThat(s.path("durationMs").asDouble()).isPositive();
      assertThat(s.path("status").asText()).isEqualTo("UNSET");

      CliRun.Result table = CliRun.separate(dir, "traces", "--port", port, "--since", "5m");
      assertThat(table.code()).as(table.out()).isZero();
      assertThat(table.out())
          .contains("trace " + TRACE)
          .contains("1 spans")
          .containsPattern("echo \\(gateway\\) +echo +\\d+\\.\\dms +UNSET");

      CliRun.Result none = CliRun.separate(dir, "traces", "--port", port, "--function", "other");
      assertThat(none.out()).contains("no traces of other");
      CliRun.Result yaml = CliRun.separate(dir, "traces", "--port", port, "-o", "yaml");
      assertThat(yaml.code()).isEqualTo(ExitCodes.USAGE);
      CliRun.Result badSince = CliRun.separate(dir, "traces", "--port", port, "--since", "soon");
      assertThat(badSince.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(badSince.err()).contains("invalid duration 'soon'");
    } finally {
      dev.process().destroy();
      dev.process().waitFor(30, TimeUnit.SECONDS);
    }
  }

  /**
   * Issue 12: the guide's transaction through its three Java functions (on the SDK, exporting under
   * --tracing) is one trace in {@code zenith traces -o json}, every span's parent in it.
   */
  @Test
  void tracesJsonShowsTheGuidesTransactionAsOneParentLinkedTraceAcrossItsThreeFunctions()
      throws Exception {
    CliRun.Dev dev = CliRun.dev(dir, "REASON", "--tracing", FINANCIAL.toString());
    try {
      assertThat(dev.port()).as(dev.output()).isPositive();
      assertThat(dev.output()).as(dev.output()).doesNotContain("False");
      String port = Integer.toString(dev.port());
      HttpResponse<String> paid =
          send(
              at(port, "/_zenith/fn/default/transaction-processor/transaction")
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"account\": \"ACC-CLI\", \"amount\": 5}")));
      assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);

      // Each SDK exports in batches of its own: ask again until one trace has every function's
      // own spans, and the parent of each (a span may be exported before its parent).
      List<JsonNode> trace = null;
      CliRun.Result json = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while ((trace == null || !parentsPresent(trace)) && System.nanoTime() < deadline) {
        json = CliRun.separate(dir, "traces", "--port", port, "-o", "json", "--since", "5m");
        assertThat(json.code()).as(json.out()).isZero();
        trace = exportedByAll(new ObjectMapper().readTree(json.out()).path("spans"));
        if (trace == null || !parentsPresent(trace)) {
          Thread.sleep(500);
        }
      }

      assertThat(trace).as("one trace with spans of %s in %s", CHAIN, json.out()).isNotNull();
      Map<String, JsonNode> byId = new HashMap<>();
      trace.forEach(s -> byId.put(s.path("spanId").asText(), s));
      List<JsonNode> roots =
          trace.stream().filter(s -> s.path("parentSpanId").asText("").isEmpty()).toList();
      assertThat(roots).as("one root").hasSize(1);
      assertThat(roots.get(0).path("service").asText()).isEqualTo("transaction-processor");
      for (JsonNode s : trace) {
        String parent = s.path("parentSpanId").asText("");
        if (!parent.isEmpty()) {
          assertThat(byId).as("parent of %s", s.path("name").asText()).containsKey(parent);
        }
      }
    } finally {
      dev.process().destroy();
      dev.process().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static HttpRequest.Builder at(String port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HttpClient.newBuilder()
        .proxy(HttpClient.Builder.NO_PROXY)
        .build()
        .send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** True when every span but a root has its parent among {@code trace}. */
  private static boolean parentsPresent(List<JsonNode> trace) {
    Set<String> ids = new HashSet<>();
    trace.forEach(s -> ids.add(s.path("spanId").asText()));
    return trace.stream()
        .map(s -> s.path("parentSpanId").asText(""))
        .allMatch(p -> p.isEmpty() || ids.contains(p));
  }

  /** The spans of the first trace holding spans exported (otlp) by each of {@link #CHAIN}. */
  private static List<JsonNode> exportedByAll(JsonNode spans) {
    Map<String, List<JsonNode>> byTrace = new LinkedHashMap<>();
    spans.forEach(
        s -> byTrace.computeIfAbsent(s.path("traceId").asText(), k -> new ArrayList<>()).add(s));
    for (List<JsonNode> trace : byTrace.values()) {
      Set<String> exported = new HashSet<>();
      for (JsonNode s : trace) {
        if ("otlp".equals(s.path("source").asText())) {
          exported.add(s.path("service").asText());
        }
      }
      if (exported.containsAll(CHAIN)) {
        return trace;
      }
    }
    return null;
  }
}
