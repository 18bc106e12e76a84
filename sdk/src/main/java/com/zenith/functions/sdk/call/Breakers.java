package com.zenith.functions.sdk.call;

import com.zenith.functions.sdk.ZenithConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One resilience4j circuit breaker per target, all with the configured thresholds, and what counts
 * as a failure for them: transport errors and 5xx.
 */
final class Breakers {
  private final CircuitBreakerConfig config;
  private final Map<String, CircuitBreaker> byTarget = new ConcurrentHashMap<>();

  /**
   * @param config the breaker settings
   * @param clock the breakers' clock (open to half-open timing)
   */
  Breakers(ZenithConfig config, Clock clock) {
    this.config =
        CircuitBreakerConfig.custom()
            .failureRateThreshold(config.breakerFailureRate())
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(config.breakerWindow())
            .minimumNumberOfCalls(Math.min(config.breakerMinCalls(), config.breakerWindow()))
            .waitDurationInOpenState(config.breakerOpen())
            .permittedNumberOfCallsInHalfOpenState(config.breakerHalfOpenCalls())
            .clock(clock)
            .build();
  }

  /** The target's breaker, made (CLOSED) on first use. */
  CircuitBreaker of(String target) {
    return byTarget.computeIfAbsent(target, t -> CircuitBreaker.of(t, config));
  }

  /** Counts an attempt that got no response as a failure. */
  static void transportError(CircuitBreaker breaker, long tookNanos, IOException e) {
    breaker.onError(tookNanos, TimeUnit.NANOSECONDS, e);
  }

  /** Counts a response: a failure when 5xx, else a success. */
  static void response(CircuitBreaker breaker, long tookNanos, int status) {
    if (status >= 500) {
      breaker.onError(tookNanos, TimeUnit.NANOSECONDS, new IOException("HTTP " + status));
    } else {
      breaker.onSuccess(tookNanos, TimeUnit.NANOSECONDS);
    }
  }
}
