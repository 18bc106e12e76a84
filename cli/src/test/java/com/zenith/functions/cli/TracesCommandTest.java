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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** zenith traces against a real zenith dev --tracing session. */
class TracesCommandTest {
  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";

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
          HttpClient.newBuilder()
              .proxy(HttpClient.Builder.NO_PROXY)
              .build()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + port + "/_zenith/fn/default/echo/"))
                      .header("traceparent", "00-" + TRACE + "-b7ad6b7169203331-01")
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
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
}
