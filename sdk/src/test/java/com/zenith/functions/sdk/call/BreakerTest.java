package com.zenith.functions.sdk.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zenith.functions.sdk.TestServer;
import com.zenith.functions.sdk.TestServer.Reply;
import com.zenith.functions.sdk.Zenith;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class BreakerTest {
  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    private volatile Instant now = Instant.parse("2025-01-15T10:30:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void opensAfterFailuresFailsFastThenHalfOpensAndCloses() throws Exception {
    var healthy = new AtomicBoolean(false);
    var clock = new ManualClock();
    try (var server =
            TestServer.start(
                (r, n) -> healthy.get() ? Reply.json(200, "{}") : Reply.json(503, "{}"));
        var z =
            Zenith.builder()
                .env(
                    Map.of(
                        "BALANCE_MANAGER_URL", server.base().toString(),
                        "ZENITH_CALL_RETRIES", "0",
                        "ZENITH_BREAKER_WINDOW", "4",
                        "ZENITH_BREAKER_MIN_CALLS", "4",
                        "ZENITH_BREAKER_FAILURE_RATE", "50",
                        "ZENITH_BREAKER_OPEN_MS", "10000",
                        "ZENITH_BREAKER_HALF_OPEN_CALLS", "1"))
                .clock(clock)
                .sleeper(d -> {})
                .build()) {
      var client = z.call("balance-manager");
      for (int i = 0; i < 4; i++) {
        assertThatThrownBy(() -> client.get("/x", String.class))
            .isInstanceOf(CallException.class)
            .isNotInstanceOf(CircuitOpenException.class);
      }
      assertThat(z.breakerState("balance-manager")).isEqualTo(State.OPEN);
      assertThat(server.requests()).hasSize(4);

      assertThatThrownBy(() -> client.get("/x", String.class))
          .isInstanceOf(CircuitOpenException.class)
          .hasMessageContaining("circuit breaker is open");
      assertThat(server.requests()).hasSize(4); // failed fast: nothing sent

      // Other targets are not affected.
      assertThat(z.breakerState("audit-logger")).isEqualTo(State.CLOSED);

      healthy.set(true);
      clock.advance(Duration.ofSeconds(9));
      assertThatThrownBy(() -> client.get("/x", String.class))
          .isInstanceOf(CircuitOpenException.class);
      clock.advance(Duration.ofSeconds(2));
      assertThat(client.get("/x", String.class)).isEqualTo("{}");
      assertThat(server.requests()).hasSize(5);
      assertThat(z.breakerState("balance-manager")).isEqualTo(State.CLOSED);
    }
  }

  @Test
  void retriesStopWhenTheBreakerOpens() throws Exception {
    try (var server = TestServer.start((r, n) -> Reply.json(503, "{}"));
        var z =
            Zenith.builder()
                .env(
                    Map.of(
                        "BALANCE_MANAGER_URL", server.base().toString(),
                        "ZENITH_CALL_RETRIES", "10",
                        "ZENITH_BREAKER_WINDOW", "3",
                        "ZENITH_BREAKER_MIN_CALLS", "3"))
                .sleeper(d -> {})
                .build()) {
      assertThatThrownBy(() -> z.call("balance-manager").post("/update", Map.of(), Void.class))
          .isInstanceOfSatisfying(
              CircuitOpenException.class, e -> assertThat(e.attempts()).isEqualTo(3));
      assertThat(server.requests()).hasSize(3);
    }
  }

  @Test
  void clientErrorsDoNotOpenTheBreaker() throws Exception {
    try (var server = TestServer.start((r, n) -> Reply.json(404, "{}"));
        var z =
            Zenith.builder()
                .env(
                    Map.of(
                        "BALANCE_MANAGER_URL", server.base().toString(),
                        "ZENITH_BREAKER_WINDOW", "2",
                        "ZENITH_BREAKER_MIN_CALLS", "2"))
                .build()) {
      for (int i = 0; i < 5; i++) {
        assertThatThrownBy(() -> z.call("balance-manager").get("/x", String.class))
            .isInstanceOfSatisfying(
                CallException.class, e -> assertThat(e.status()).isEqualTo(404));
      }
      assertThat(z.breakerState("balance-manager")).isEqualTo(State.CLOSED);
    }
  }
}
