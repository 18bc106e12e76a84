package com.zenith.functions.local.events;

import java.time.Duration;
import java.util.Map;

/**
 * How hard the broker tries: retries after the first attempt, exponential backoff between them, and
 * how many deliveries run at once per trigger. Read from ZENITH_EVENT_RETRIES,
 * ZENITH_EVENT_BACKOFF_MS, ZENITH_EVENT_BACKOFF_MAX_MS and ZENITH_EVENT_CONCURRENCY.
 */
public record DeliveryPolicy(
    int retries, Duration backoff, Duration maxBackoff, int concurrency, Duration timeout) {
  /** Knative-like defaults: 5 retries, 200 ms doubling to 10 s, 32 in flight per trigger. */
  public static DeliveryPolicy defaults() {
    return new DeliveryPolicy(
        5, Duration.ofMillis(200), Duration.ofSeconds(10), 32, Duration.ofSeconds(30));
  }

  /** Defaults overridden by the environment. */
  public static DeliveryPolicy fromEnv(Map<String, String> env) {
    DeliveryPolicy d = defaults();
    return new DeliveryPolicy(
        intOf(env, "ZENITH_EVENT_RETRIES", d.retries()),
        Duration.ofMillis(intOf(env, "ZENITH_EVENT_BACKOFF_MS", (int) d.backoff().toMillis())),
        Duration.ofMillis(
            intOf(env, "ZENITH_EVENT_BACKOFF_MAX_MS", (int) d.maxBackoff().toMillis())),
        Math.max(1, intOf(env, "ZENITH_EVENT_CONCURRENCY", d.concurrency())),
        d.timeout());
  }

  private static int intOf(Map<String, String> env, String name, int fallback) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got " + v);
    }
  }

  /** The delay before retry number {@code n} (1-based). */
  public Duration delay(int n) {
    long ms = backoff.toMillis() << Math.min(20, n - 1);
    return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
  }

  /** True for statuses worth retrying: 5xx, 408, 429 (Knative's rule). */
  public static boolean retryable(int status) {
    return status >= 500 || status == 408 || status == 429;
  }
}
