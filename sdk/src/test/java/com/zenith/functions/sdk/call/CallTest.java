package com.zenith.functions.sdk.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.zenith.functions.sdk.TestServer;
import com.zenith.functions.sdk.TestServer.Reply;
import com.zenith.functions.sdk.Zenith;
import java.net.ServerSocket;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class CallTest {
  record UpdateRequest(String account, double amount) {}

  record UpdateResponse(
      String status, @JsonProperty("new_balance") double newBalance, String account) {}

  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  private Zenith sdk(TestServer server, Map<String, String> extra) {
    var env = new HashMap<String, String>();
    env.put("BALANCE_MANAGER_URL", server.base().toString());
    env.put("ZENITH_RETRY_JITTER", "0");
    env.putAll(extra);
    return Zenith.builder().env(env).sleeper(sleeps::add).build();
  }

  @Test
  void typedPostSendsJsonAndDecodesTheReply() throws Exception {
    try (var server =
            TestServer.start(
                (r, n) ->
                    Reply.json(
                        200,
                        "{\"status\":\"updated\",\"new_balance\":100.5,\"account\":\"ACC-001\",\"extra\":1}"));
        var z = sdk(server, Map.of())) {
      UpdateResponse res =
          z.call("balance-manager")
              .post("/update", new UpdateRequest("ACC-001", 100.5), UpdateResponse.class);
      assertThat(res).isEqualTo(new UpdateResponse("updated", 100.5, "ACC-001"));
      var req = server.requests().getFirst();
      assertThat(req.method()).isEqualTo("POST");
      assertThat(req.uri().getPath()).isEqualTo("/update");
      assertThat(req.header("Content-Type")).isEqualTo("application/json");
      assertThat(req.bodyText()).isEqualTo("{\"account\":\"ACC-001\",\"amount\":100.5}");
      assertThat(req.header("Idempotency-Key")).isNotBlank();
    }
  }

  @Test
  void getHasNoIdempotencyKeyAndStringResponsesAreRaw() throws Exception {
    try (var server = TestServer.start((r, n) -> new Reply(200, "pong", Map.of()));
        var z = sdk(server, Map.of())) {
      assertThat(z.call("balance-manager").get("/ping", String.class)).isEqualTo("pong");
      assertThat(server.requests().getFirst().header("Idempotency-Key")).isNull();
    }
  }

  @Test
  void perCallTimeoutFailsFastAndSaysSo() throws Exception {
    var release = new CountDownLatch(1);
    try (var server = TestServer.hanging(release);
        var z = sdk(server, Map.of("ZENITH_CALL_TIMEOUT_MS", "30000"))) {
      long start = System.nanoTime();
      assertThatThrownBy(
              () ->
                  z.call("balance-manager")
                      .timeout(Duration.ofMillis(200))
                      .retries(0)
                      .post("/update", new UpdateRequest("A", 1), UpdateResponse.class))
          .isInstanceOf(CallException.class)
          .hasCauseInstanceOf(HttpTimeoutException.class)
          .hasMessageContaining("balance-manager")
          .hasMessageContaining("no response after 1 attempt");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    } finally {
      release.countDown();
    }
  }

  @Test
  void defaultTimeoutComesFromTheEnvironment() throws Exception {
    var release = new CountDownLatch(1);
    try (var server = TestServer.hanging(release);
        var z = sdk(server, Map.of("ZENITH_CALL_TIMEOUT_MS", "150", "ZENITH_CALL_RETRIES", "0"))) {
      assertThatThrownBy(() -> z.call("balance-manager").get("/slow", String.class))
          .hasCauseInstanceOf(HttpTimeoutException.class);
    } finally {
      release.countDown();
    }
  }

  @Test
  void retriesWithBackoffReusingOneIdempotencyKey() throws Exception {
    try (var server =
            TestServer.start(
                (r, n) ->
                    n < 3
                        ? Reply.json(503, "{\"error\":\"busy\"}")
                        : Reply.json(200, "{\"status\":\"updated\"}"));
        var z = sdk(server, Map.of("ZENITH_RETRY_BACKOFF_MS", "100", "ZENITH_CALL_RETRIES", "2"))) {
      var res =
          z.call("balance-manager")
              .post("/update", new UpdateRequest("A", 1), UpdateResponse.class);
      assertThat(res.status()).isEqualTo("updated");
      assertThat(server.requests()).hasSize(3);
      var keys =
          server.requests().stream().map(r -> r.header("Idempotency-Key")).distinct().toList();
      assertThat(keys).hasSize(1).doesNotContainNull();
      assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }
  }

  @Test
  void eachCallGetsItsOwnKeyUnlessOneIsGiven() throws Exception {
    try (var server = TestServer.start((r, n) -> Reply.json(200, "{}"));
        var z = sdk(server, Map.of())) {
      var client = z.call("balance-manager");
      client.post("/update", new UpdateRequest("A", 1), Void.class);
      client.post("/update", new UpdateRequest("A", 1), Void.class);
      client.idempotencyKey("txn-42").post("/update", new UpdateRequest("A", 1), Void.class);
      var keys = server.requests().stream().map(r -> r.header("Idempotency-Key")).toList();
      assertThat(keys.get(0)).isNotEqualTo(keys.get(1));
      assertThat(keys.get(2)).isEqualTo("txn-42");
    }
  }

  @Test
  void noRetryOnBadRequestAndTheErrorNamesEverything() throws Exception {
    try (var server = TestServer.start((r, n) -> Reply.json(400, "{\"error\":\"bad account\"}"));
        var z = sdk(server, Map.of())) {
      var client = z.call("balance-manager");
      assertThatThrownBy(
              () -> client.post("/update", new UpdateRequest("A", 1), UpdateResponse.class))
          .isInstanceOfSatisfying(
              CallException.class,
              e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.attempts()).isEqualTo(1);
                assertThat(e.target()).isEqualTo("balance-manager");
                assertThat(e.uri()).isEqualTo(server.base().resolve("/update"));
                assertThat(e.getMessage())
                    .contains(
                        "balance-manager",
                        server.base() + "/update",
                        "HTTP 400",
                        "1 attempt",
                        "bad account");
              });
      assertThat(server.requests()).hasSize(1);
      assertThat(sleeps).isEmpty();
    }
  }

  @Test
  void retriesConnectErrorsThenReportsNoResponse() throws Exception {
    int port;
    try (var s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: connections are refused
    }
    try (var z =
        Zenith.builder()
            .env(
                Map.of(
                    "BALANCE_MANAGER_URL", "http://127.0.0.1:" + port, "ZENITH_RETRY_JITTER", "0"))
            .sleeper(sleeps::add)
            .build()) {
      assertThatThrownBy(
              () ->
                  z.call("balance-manager").post("/update", new UpdateRequest("A", 1), Void.class))
          .isInstanceOfSatisfying(
              CallException.class,
              e -> {
                assertThat(e.status()).isEqualTo(-1);
                assertThat(e.attempts()).isEqualTo(3);
                assertThat(e.getMessage())
                    .contains("no response after 3 attempts", "ConnectException");
              });
      assertThat(sleeps).hasSize(2);
    }
  }

  @Test
  void retryAfterIsHonouredUpToTheBackoffCap() throws Exception {
    try (var server =
            TestServer.start(
                (r, n) ->
                    n == 1
                        ? new Reply(429, "", Map.of("Retry-After", "1"))
                        : Reply.json(200, "{}"));
        var z =
            sdk(
                server,
                Map.of("ZENITH_RETRY_BACKOFF_MS", "10", "ZENITH_RETRY_BACKOFF_MAX_MS", "5000"))) {
      z.call("balance-manager").post("/update", new UpdateRequest("A", 1), Void.class);
      assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
    }
  }

  @Test
  void backoffGrowsAndIsCapped() {
    var b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(300), 2, 0);
    assertThat(List.of(b.delay(1), b.delay(2), b.delay(3), b.delay(4)))
        .containsExactly(
            Duration.ofMillis(100),
            Duration.ofMillis(200),
            Duration.ofMillis(300),
            Duration.ofMillis(300));
    var jittered = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2, 0.5, () -> 0.0);
    assertThat(jittered.delay(1)).isEqualTo(Duration.ofMillis(50));
  }

  @Test
  void invalidJsonResponseIsACallError() throws Exception {
    try (var server = TestServer.start((r, n) -> Reply.json(200, "not json"));
        var z = sdk(server, Map.of())) {
      assertThatThrownBy(() -> z.call("balance-manager").get("/x", UpdateResponse.class))
          .isInstanceOf(CallException.class)
          .hasMessageContaining("response is not JSON for UpdateResponse");
    }
  }
}
