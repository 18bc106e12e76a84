package com.zenith.functions.local.traces;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Decides whether a trace the gateway starts itself (a request with no {@code traceparent}) is
 * sampled: every one up to {@code perSecond} on average, with bursts of up to {@code burst}, the
 * rest not (Jaeger's "rate limiting" sampler). A load test then neither floods the span store nor
 * pays for a span per request, while the call graph still counts every call. A request that arrives
 * with a traceparent keeps its caller's decision. Lock-free; any thread.
 */
public final class RootSampler {
  /**
   * Traces started per second at most, on average, unless {@code ZENITH_TRACES_PER_SECOND} says.
   */
  public static final double DEFAULT_PER_SECOND = 100;

  /** Samples every trace ({@code ZENITH_TRACES_PER_SECOND=all}). */
  public static final RootSampler ALWAYS =
      new RootSampler(Double.POSITIVE_INFINITY, 1, System::nanoTime);

  private final long intervalNanos;
  private final long burstNanos;
  private final LongSupplier clock;
  // The theoretical arrival time of the next sampled trace (GCRA): one CAS per decision.
  private final AtomicLong next = new AtomicLong(Long.MIN_VALUE / 2);

  /** At most {@code perSecond} on average, {@code burst} at once; {@code clock} in nanoseconds. */
  public RootSampler(double perSecond, int burst, LongSupplier clock) {
    if (!(perSecond > 0) || burst < 1) {
      throw new IllegalArgumentException(
          "traces per second must be > 0 and burst >= 1, got " + perSecond + " and " + burst);
    }
    this.intervalNanos =
        Double.isInfinite(perSecond) ? 0 : Math.max(1, Math.round(1e9 / perSecond));
    this.burstNanos = intervalNanos * (burst - 1L);
    this.clock = clock;
  }

  /**
   * The sampler {@code ZENITH_TRACES_PER_SECOND} asks for: a positive number, or {@code all}; the
   * default when unset. A bad value is an error naming the variable.
   */
  public static RootSampler fromEnv(String value) {
    if (value == null || value.isBlank()) {
      return new RootSampler(DEFAULT_PER_SECOND, (int) DEFAULT_PER_SECOND, System::nanoTime);
    }
    if (value.strip().equals("all")) {
      return ALWAYS;
    }
    double perSecond;
    try {
      perSecond = Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      perSecond = -1;
    }
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException(
          "ZENITH_TRACES_PER_SECOND must be a positive number or \"all\", got \"" + value + "\"");
    }
    return new RootSampler(
        perSecond, (int) Math.max(1, Math.min(perSecond, 10_000)), System::nanoTime);
  }

  /** True when the trace about to start is sampled. */
  public boolean sample() {
    if (intervalNanos == 0) {
      return true;
    }
    long now = clock.getAsLong();
    while (true) {
      long tat = next.get();
      if (now < tat - burstNanos) {
        return false; // over the rate and the burst is spent
      }
      if (next.compareAndSet(tat, Math.max(tat, now) + intervalNanos)) {
        return true;
      }
    }
  }
}
