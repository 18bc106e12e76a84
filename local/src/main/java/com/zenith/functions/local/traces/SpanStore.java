package com.zenith.functions.local.traces;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's spans, bounded by count and age: adding past {@code maxSpans} drops the oldest spans
 * (by arrival), and spans older than {@code maxAge} (by end time) are dropped as new ones arrive or
 * a query runs. Thread-safe; every operation is in memory and short.
 */
public final class SpanStore {
  /** Default bounds: what a long local session needs without growing the engine's heap far. */
  public static final int DEFAULT_MAX_SPANS = 50_000;

  /** Default age limit. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(1);

  /** One trace: its id and spans, in arrival order. */
  public record Trace(String traceId, List<SpanRecord> spans) {
    /** The earliest start. */
    public long startNanos() {
      return spans.stream().mapToLong(SpanRecord::startNanos).min().orElse(0);
    }

    /** From the earliest start to the latest end. */
    public long durationNanos() {
      return spans.stream().mapToLong(SpanRecord::endNanos).max().orElse(0) - startNanos();
    }

    /** True when a span failed. */
    public boolean failed() {
      return spans.stream().anyMatch(SpanRecord::failed);
    }
  }

  private final int maxSpans;
  private final long maxAgeNanos;
  private final Clock clock;
  private final ArrayDeque<SpanRecord> arrival = new ArrayDeque<>();
  private final Map<String, List<SpanRecord>> byTrace = new HashMap<>();

  /** A store with the default bounds. */
  public SpanStore() {
    this(DEFAULT_MAX_SPANS, DEFAULT_MAX_AGE, Clock.systemUTC());
  }

  /** A store keeping at most {@code maxSpans} spans, none older than {@code maxAge}. */
  public SpanStore(int maxSpans, Duration maxAge, Clock clock) {
    if (maxSpans < 1) {
      throw new IllegalArgumentException("maxSpans must be at least 1, got " + maxSpans);
    }
    this.maxSpans = maxSpans;
    this.maxAgeNanos = maxAge.toNanos();
    this.clock = clock;
  }

  /** Adds spans, dropping the oldest beyond the bounds. */
  public synchronized void add(List<SpanRecord> spans) {
    for (SpanRecord s : spans) {
      arrival.addLast(s);
      byTrace.computeIfAbsent(s.traceId(), k -> new ArrayList<>(4)).add(s);
    }
    while (arrival.size() > maxSpans) {
      drop(arrival.pollFirst());
    }
    expire();
  }

  /** How many spans are kept. */
  public synchronized int size() {
    return arrival.size();
  }

  /**
   * The traces with a span ending at or after {@code sinceNanos} (epoch) and, when {@code service}
   * is not null, a span of that service; failed first, then slowest, at most {@code limit}.
   */
  public synchronized List<Trace> traces(long sinceNanos, String service, int limit) {
    expire();
    List<Trace> out = new ArrayList<>();
    for (var e : byTrace.entrySet()) {
      List<SpanRecord> spans = e.getValue();
      boolean recent = false;
      boolean matches = service == null;
      for (SpanRecord s : spans) {
        recent |= s.endNanos() >= sinceNanos;
        matches |= service != null && service.equals(s.service());
      }
      if (recent && matches) {
        out.add(new Trace(e.getKey(), List.copyOf(spans)));
      }
    }
    out.sort(
        Comparator.comparing(Trace::failed)
            .reversed()
            .thenComparing(Comparator.comparingLong(Trace::durationNanos).reversed()));
    return out.size() > limit ? out.subList(0, limit) : out;
  }

  private void expire() {
    long oldest = nowNanos() - maxAgeNanos;
    // Arrival order is close to end order; a straggler older than the cut is dropped at the head
    // only, which is enough to keep memory bounded by the count limit anyway.
    while (!arrival.isEmpty() && arrival.peekFirst().endNanos() < oldest) {
      drop(arrival.pollFirst());
    }
  }

  private void drop(SpanRecord s) {
    List<SpanRecord> spans = byTrace.get(s.traceId());
    if (spans != null) {
      spans.remove(s);
      if (spans.isEmpty()) {
        byTrace.remove(s.traceId());
      }
    }
  }

  private long nowNanos() {
    var now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
