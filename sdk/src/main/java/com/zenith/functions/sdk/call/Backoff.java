package com.zenith.functions.sdk.call;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: the delay before retry {@code n} (1-based) is {@code initial *
 * multiplier^(n-1)}, capped at {@code max}, then spread by {@code ±jitter}.
 *
 * @param initial the first delay
 * @param max the largest delay
 * @param multiplier growth per retry
 * @param jitter fraction 0..1 of random spread
 * @param random uniform numbers in [0, 1); tests pass a constant
 */
public record Backoff(
    Duration initial, Duration max, double multiplier, double jitter, DoubleSupplier random) {

  /** A backoff with thread-local randomness. */
  public Backoff(Duration initial, Duration max, double multiplier, double jitter) {
    this(initial, max, multiplier, jitter, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** The delay before retry {@code retry} (1 for the first retry). */
  public Duration delay(int retry) {
    double base = initial.toNanos() * Math.pow(multiplier, Math.max(0, retry - 1));
    base = Math.min(base, max.toNanos());
    double spread = 1 + jitter * (2 * random.getAsDouble() - 1);
    return Duration.ofNanos((long) Math.max(0, base * spread));
  }
}
