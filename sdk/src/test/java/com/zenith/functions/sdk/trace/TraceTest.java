package com.zenith.functions.sdk.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.sdk.TestServer;
import com.zenith.functions.sdk.TestServer.Reply;
import com.zenith.functions.sdk.Zenith;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceTest {
  static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void parsesValidatesAndStartsRoots() {
    var ctx = TraceContext.fromHeaders(Map.of("traceparent", PARENT, "baggage", "user=alice")::get);
    assertThat(ctx.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(ctx.baggage()).isEqualTo("user=alice");
    assertThat(TraceContext.isValid("00-00000000000000000000000000000000-00f067aa0ba902b7-01"))
        .isFalse();
    assertThat(TraceContext.isValid("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        .isFalse();
    assertThat(TraceContext.isValid("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"))
        .isFalse();
    var root = TraceContext.fromHeaders(Map.of("traceparent", "garbage")::get);
    assertThat(TraceContext.isValid(root.traceparent())).isTrue();
    assertThat(root.traceparent()).endsWith("-00");
    assertThat(TraceContext.current()).isNull();
    try (var s = ctx.makeCurrent()) {
      assertThat(TraceContext.current()).isSameAs(ctx);
    }
    assertThat(TraceContext.current()).isNull();
  }

  /**
   * traceparent and baggage of the incoming request reach calls, fire-and-forget sends and events.
   */
  @Test
  void incomingContextIsCarriedToCallsFireAndForgetAndEvents() throws Exception {
    try (var downstream = TestServer.start((r, n) -> Reply.json(200, "{}"));
        var z =
            Zenith.builder()
                .env(
                    Map.of(
                        "PORT",
                        "0",
                        "BALANCE_MANAGER_URL",
                        downstream.base().toString(),
                        "AUDIT_LOGGER_URL",
                        downstream.base().toString(),
                        "K_SINK",
                        downstream.base() + "/broker"))
                .build();
        var http = TestServer.directClient()) {
      var host =
          z.host()
              .post(
                  "/transaction",
                  r -> {
                    z.call("balance-manager").post("/update", Map.of(), String.class);
                    z.call("audit-logger").fireAndForget("/log", Map.of());
                    z.events().publish("t", Map.of());
                    return Map.of("trace", TraceContext.current().traceId());
                  })
              .start();
      try {
        var res =
            http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + host.port() + "/transaction"))
                    .header("traceparent", PARENT)
                    .header("tracestate", "vendor=1")
                    .header("baggage", "user=alice")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.body()).isEqualTo("{\"trace\":\"4bf92f3577b34da6a3ce929d0e0e4736\"}");
        assertThat(z.drain(Duration.ofSeconds(5))).isTrue();
        assertThat(downstream.requests()).hasSize(3);
        assertThat(downstream.requests())
            .allSatisfy(
                r -> {
                  assertThat(r.header("traceparent")).isEqualTo(PARENT);
                  assertThat(r.header("tracestate")).isEqualTo("vendor=1");
                  assertThat(r.header("baggage")).isEqualTo("user=alice");
                });
        assertThat(TraceContext.current()).isNull();
      } finally {
        host.stop();
      }
    }
  }
}
