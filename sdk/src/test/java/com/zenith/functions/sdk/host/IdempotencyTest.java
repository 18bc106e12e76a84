package com.zenith.functions.sdk.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zenith.functions.sdk.Zenith;
import java.net.URI;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdempotencyTest {
  @Test
  void concurrentRequestsWithOneKeyRunOnce() throws Exception {
    var once = new Idempotency(100);
    var runs = new AtomicInteger();
    var start = new CountDownLatch(1);
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      var results = new ArrayList<Future<Integer>>();
      for (int i = 0; i < 50; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return once.apply(
                      "k",
                      () -> {
                        Thread.sleep(20);
                        return runs.incrementAndGet();
                      });
                }));
      }
      start.countDown();
      for (var f : results) {
        assertThat(f.get()).isEqualTo(1);
      }
    }
    assertThat(runs).hasValue(1);
    assertThat(once.apply("other", runs::incrementAndGet)).isEqualTo(2);
    assertThat(once.apply(null, runs::incrementAndGet)).isEqualTo(3);
    assertThat(once.apply(null, runs::incrementAndGet)).isEqualTo(4);
  }

  @Test
  void failuresAreForgottenAndOldKeysEvicted() throws Exception {
    var once = new Idempotency(2);
    assertThatThrownBy(
            () ->
                once.apply(
                    "k",
                    () -> {
                      throw new IllegalStateException("down");
                    }))
        .hasMessage("down");
    assertThat(once.apply("k", () -> "ok")).isEqualTo("ok");
    once.apply("a", () -> 1);
    once.apply("b", () -> 2);
    assertThat(once.size()).isEqualTo(2);
    assertThat(once.apply("k", () -> "again")).isEqualTo("again"); // "k" was evicted
  }

  /** The SDK's retry of a POST whose reply was lost is applied once by a host using Idempotency. */
  @Test
  void retriedPostIsAppliedOnceEndToEnd() throws Exception {
    var balance = new AtomicInteger();
    var once = new Idempotency(100);
    var firstReplyLost = new AtomicInteger();
    try (var z = Zenith.builder().env(Map.of("PORT", "0")).build()) {
      var host =
          z.host()
              .post(
                  "/update",
                  r -> {
                    var result =
                        once.apply(
                            r.idempotencyKey(), () -> Map.of("balance", balance.addAndGet(10)));
                    if (firstReplyLost.getAndIncrement() == 0) {
                      throw new HttpError(
                          503, "reply lost"); // applied, but the caller sees a failure
                    }
                    return result;
                  })
              .start();
      try (var caller = Zenith.builder().env(Map.of("ZENITH_RETRY_BACKOFF_MS", "1")).build()) {
        var client =
            caller.callUrl("balance-manager", URI.create("http://127.0.0.1:" + host.port()));
        assertThat(client.post("/update", Map.of("amount", 10), String.class))
            .isEqualTo("{\"balance\":10}");
        assertThat(balance).hasValue(10);
        assertThat(firstReplyLost).hasValue(2);
      } finally {
        host.stop();
      }
    }
  }
}
