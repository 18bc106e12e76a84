package com.zenith.functions.sdk.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.sdk.TestServer;
import com.zenith.functions.sdk.TestServer.Reply;
import com.zenith.functions.sdk.Zenith;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FireAndForgetTest {
  @Test
  void dropsAreCountedWhenTheQueueIsFull() throws Exception {
    var firstArrived = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    try (var server =
            TestServer.start(
                (r, n) -> {
                  firstArrived.countDown();
                  release.await(10, TimeUnit.SECONDS);
                  return Reply.json(200, "{}");
                });
        var z =
            Zenith.builder()
                .env(
                    Map.of(
                        "AUDIT_LOGGER_URL", server.base().toString(),
                        "ZENITH_ASYNC_QUEUE", "2",
                        "ZENITH_ASYNC_WORKERS", "1"))
                .build()) {
      var audit = z.call("audit-logger");
      assertThat(audit.fireAndForget("/log", Map.of("action", "a1"))).isTrue();
      assertThat(firstArrived.await(5, TimeUnit.SECONDS)).isTrue(); // the single worker is busy
      assertThat(audit.fireAndForget("/log", Map.of("action", "a2"))).isTrue();
      assertThat(audit.fireAndForget("/log", Map.of("action", "a3"))).isTrue();
      assertThat(audit.fireAndForget("/log", Map.of("action", "a4"))).isFalse();
      assertThat(audit.fireAndForget("/log", Map.of("action", "a5"))).isFalse();
      assertThat(z.fireAndForgetStats()).isEqualTo(new FireAndForgetStats(3, 0, 0, 2, 3));

      release.countDown();
      assertThat(z.drain(Duration.ofSeconds(5))).isTrue();
      assertThat(z.fireAndForgetStats()).isEqualTo(new FireAndForgetStats(3, 3, 0, 2, 0));
      assertThat(server.requests())
          .extracting(r -> r.bodyText())
          .containsExactly("{\"action\":\"a1\"}", "{\"action\":\"a2\"}", "{\"action\":\"a3\"}");
    } finally {
      release.countDown();
    }
  }

  @Test
  void failuresAreCountedAfterRetries() throws Exception {
    try (var server = TestServer.start((r, n) -> Reply.json(500, "{\"error\":\"boom\"}"));
        var z =
            Zenith.builder()
                .env(
                    Map.of(
                        "AUDIT_LOGGER_URL", server.base().toString(), "ZENITH_CALL_RETRIES", "1"))
                .sleeper(d -> {})
                .build()) {
      assertThat(z.call("audit-logger").fireAndForget("/log", Map.of("action", "x"))).isTrue();
      assertThat(z.drain(Duration.ofSeconds(5))).isTrue();
      assertThat(z.fireAndForgetStats()).isEqualTo(new FireAndForgetStats(1, 0, 1, 0, 0));
      assertThat(server.requests()).hasSize(1); // 500 is not retried
    }
  }
}
