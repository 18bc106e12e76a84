package com.zenith.functions.sdk.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.zenith.functions.sdk.TestServer;
import com.zenith.functions.sdk.Zenith;
import io.opentelemetry.api.GlobalOpenTelemetry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With {@code OTEL_EXPORTER_OTLP_ENDPOINT} in the SDK's environment (turned into autoconfigure
 * properties, not the process's environment), a started host exports its spans over OTLP
 * HTTP/protobuf; a tiny collector counts the POSTs to /v1/traces.
 */
class OtlpExportTest {
  record Post(String contentType, byte[] body) {}

  private final List<Post> posts = new CopyOnWriteArrayList<>();
  private HttpServer collector;

  @BeforeEach
  void startCollector() throws Exception {
    GlobalOpenTelemetry.resetForTest();
    collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    collector.createContext(
        "/v1/traces",
        ex -> {
          try (ex) {
            if (ex.getRequestMethod().equals("POST")) {
              posts.add(
                  new Post(
                      ex.getRequestHeaders().getFirst("Content-Type"),
                      ex.getRequestBody().readAllBytes()));
            }
            ex.sendResponseHeaders(200, -1);
          }
        });
    collector.start();
  }

  @AfterEach
  void stopCollector() {
    collector.stop(0);
    GlobalOpenTelemetry.resetForTest(); // the SDK registered its exporter as the global one
  }

  private Map<String, String> env(Map<String, String> extra) {
    var env = new HashMap<String, String>();
    env.put("PORT", "0");
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.getAddress().getPort());
    env.put("OTEL_SERVICE_NAME", "audit-logger");
    env.put("OTEL_RESOURCE_ATTRIBUTES", "k8s.namespace.name=fin");
    env.putAll(extra);
    return env;
  }

  private static int post(int port, String traceparent) throws Exception {
    try (var http = TestServer.directClient()) {
      var b =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/log"))
              .POST(HttpRequest.BodyPublishers.ofString("{}"));
      if (traceparent != null) {
        b.header("traceparent", traceparent);
      }
      return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
  }

  private static boolean contains(byte[] haystack, String needle) {
    return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
  }

  @Test
  void aStartedHostExportsItsSpansOverOtlpHttpProtobuf() throws Exception {
    try (Zenith z = Zenith.builder().env(env(Map.of())).build()) {
      var host = z.host().post("/log", r -> Map.of("status", "logged")).start();
      assertThat(post(host.port(), null)).isEqualTo(200);
      host.stop(); // flushes after the drain
    }
    assertThat(posts).isNotEmpty();
    Post first = posts.getFirst();
    assertThat(first.contentType()).isEqualTo("application/x-protobuf");
    assertThat(contains(first.body(), "audit-logger")).isTrue(); // service.name
    assertThat(contains(first.body(), "k8s.namespace.name")).isTrue();
    assertThat(contains(first.body(), "POST /log")).isTrue();
    assertThat(contains(first.body(), OtelTracing.SCOPE)).isTrue();
  }

  @Test
  void theSamplerAndItsRatioComeFromTheOtelVariables() throws Exception {
    var sampler =
        Map.of("OTEL_TRACES_SAMPLER", "parentbased_traceidratio", "OTEL_TRACES_SAMPLER_ARG", "0");
    try (Zenith z = Zenith.builder().env(env(sampler)).build()) {
      var host = z.host().post("/log", r -> Map.of("status", "logged")).start();
      assertThat(post(host.port(), null)).isEqualTo(200); // a new trace at ratio 0: dropped
      z.tracing().flush(java.time.Duration.ofSeconds(5));
      assertThat(posts).isEmpty();
      // A sampled parent is followed whatever the ratio.
      assertThat(post(host.port(), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
          .isEqualTo(200);
      host.stop();
    }
    assertThat(posts).hasSize(1);
    assertThat(contains(posts.getFirst().body(), "POST /log")).isTrue();
  }

  @Test
  void withoutAnEndpointNothingIsSetUp() throws Exception {
    var env = env(Map.of());
    env.remove("OTEL_EXPORTER_OTLP_ENDPOINT");
    try (Zenith z = Zenith.builder().env(env).build()) {
      var host = z.host().post("/log", r -> Map.of("status", "logged")).start();
      assertThat(post(host.port(), null)).isEqualTo(200);
      host.stop();
    }
    assertThat(GlobalOpenTelemetry.isSet()).isFalse();
  }
}
