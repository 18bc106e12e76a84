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

  /**
   * A worker may take a send and finish it before {@code submit} returns. The queue here holds
   * {@code offer} open until the worker is done, and looks at the counters then: counted after
   * queueing, {@code pending} stood at -1, so that drain() could see nothing pending while sends
   * were still queued.
   */
  @Test
  void aSendFinishedBeforeSubmitReturnsIsNeverUndercounted() throws Exception {
    var config = com.zenith.functions.sdk.ZenithConfig.fromEnv(Map.of("ZENITH_ASYNC_WORKERS", "1"));
    var engineRef = new java.util.concurrent.atomic.AtomicReference<CallEngine>();
    var seenInOffer = new java.util.concurrent.atomic.AtomicReference<FireAndForgetStats>();
    var queue =
        new java.util.concurrent.ArrayBlockingQueue<CallEngine.Call>(10) {
          @Override
          public boolean offer(CallEngine.Call call) {
            boolean queued = super.offer(call);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (engineRef.get().stats().failed() == 0 && System.nanoTime() < deadline) {
              Thread.onSpinWait();
            }
            seenInOffer.set(engineRef.get().stats());
            return queued;
          }
        };
    try (var http = TestServer.directClient()) {
      var engine =
          new CallEngine(
              config,
              http,
              d -> {},
              java.time.Clock.systemUTC(),
              new Backoff(Duration.ZERO, Duration.ZERO, 1, 0),
              com.zenith.functions.sdk.trace.Tracing.none(),
              queue);
      engineRef.set(engine);
      var call =
          new CallEngine.Call(
              "audit-logger",
              "POST",
              java.net.URI.create("http://127.0.0.1:1/log"), // refused at once
              null,
              null,
              Map.of(),
              Duration.ofSeconds(2),
              0,
              null);
      assertThat(engine.submit(call)).isTrue();
      assertThat(seenInOffer.get().failed()).as("the worker finished inside offer").isEqualTo(1);
      assertThat(seenInOffer.get().pending()).isGreaterThanOrEqualTo(0);
      assertThat(seenInOffer.get().accepted()).isEqualTo(1);
      assertThat(engine.drain(Duration.ofSeconds(5))).isTrue();
      assertThat(engine.stats()).isEqualTo(new FireAndForgetStats(1, 0, 1, 0, 0));
      engine.close();
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
