package com.zenith.functions.local.traces;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The span store's bounds and its ordering of traces. */
class SpanStoreTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final long NOW_NANOS = NOW.getEpochSecond() * 1_000_000_000L;

  private static SpanRecord span(
      String trace, String id, long endAgoMs, long durMs, String status) {
    long end = NOW_NANOS - endAgoMs * 1_000_000L;
    long dur = durMs * 1_000_000L;
    return new SpanRecord(
        trace,
        id,
        null,
        "svc-" + trace,
        "op",
        "SERVER",
        end - dur,
        dur,
        status,
        null,
        Map.of(),
        "otlp");
  }

  private static SpanStore store(int max, Duration age) {
    return new SpanStore(max, age, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void countLimitDropsTheOldestArrivals() {
    SpanStore s = store(3, Duration.ofHours(1));
    s.add(List.of(span("a", "1", 0, 1, "UNSET"), span("b", "2", 0, 1, "UNSET")));
    s.add(List.of(span("c", "3", 0, 1, "UNSET"), span("d", "4", 0, 1, "UNSET")));

    assertThat(s.size()).isEqualTo(3);
    assertThat(s.traces(Long.MIN_VALUE, null, 10))
        .extracting(SpanStore.Trace::traceId)
        .containsExactlyInAnyOrder("b", "c", "d");
  }

  @Test
  void ageLimitDropsSpansThatEndedTooLongAgo() {
    SpanStore s = store(100, Duration.ofMinutes(10));
    s.add(List.of(span("old", "1", 11 * 60_000, 1, "UNSET"), span("new", "2", 60_000, 1, "OK")));

    assertThat(s.traces(Long.MIN_VALUE, null, 10))
        .extracting(SpanStore.Trace::traceId)
        .containsExactly("new");
  }

  @Test
  void failedFirstThenSlowestAndFilteredBySinceAndService() {
    SpanStore s = store(100, Duration.ofHours(1));
    s.add(
        List.of(
            span("fast", "1", 1000, 5, "OK"),
            span("slow", "2", 1000, 500, "OK"),
            span("failed", "3", 1000, 1, "ERROR"),
            span("earlier", "4", 30 * 60_000, 900, "OK")));

    long fiveMinutesAgo = NOW_NANOS - Duration.ofMinutes(5).toNanos();
    assertThat(s.traces(fiveMinutesAgo, null, 10))
        .extracting(SpanStore.Trace::traceId)
        .containsExactly("failed", "slow", "fast");
    assertThat(s.traces(Long.MIN_VALUE, "svc-slow", 10))
        .extracting(SpanStore.Trace::traceId)
        .containsExactly("slow");
    assertThat(s.traces(Long.MIN_VALUE, null, 2)).hasSize(2);
  }
}
