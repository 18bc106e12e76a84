package com.zenith.functions.local.traces;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Edges, error counts and windowed percentiles of the call graph. */
class CallGraphTest {
  private final AtomicLong millis = new AtomicLong(1_000_000);
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(millis.get());
        }
      };

  @Test
  void countsErrorsAsFiveHundredsOrNoAnswerAndComputesPercentiles() {
    CallGraph g = new CallGraph(Duration.ofMinutes(5), clock);
    for (int i = 1; i <= 100; i++) {
      g.record("external", "default/a", i == 100 ? 502 : 200, i * 1_000_000L);
    }
    g.record("default/a", "default/b", 0, 1_000_000L);
    g.record("default/a", "default/b", 404, 1_000_000L);

    var edges = g.edges();
    assertThat(edges).hasSize(2);
    var ext = edges.get(0);
    assertThat(ext.from()).isEqualTo("external");
    assertThat(ext.requests()).isEqualTo(100);
    assertThat(ext.errors()).isEqualTo(1);
    assertThat(ext.p50Ms()).isEqualTo(50.0);
    assertThat(ext.p95Ms()).isEqualTo(95.0);
    assertThat(ext.p99Ms()).isEqualTo(99.0);
    assertThat(edges.get(1).errors()).isEqualTo(1); // no answer counts, a 404 does not
  }

  @Test
  void percentilesCoverTheWindowOnlyWhileCountsStay() {
    CallGraph g = new CallGraph(Duration.ofMinutes(5), clock);
    g.record("external", "default/a", 200, 900_000_000L);
    millis.addAndGet(Duration.ofMinutes(6).toMillis());
    g.record("external", "default/a", 200, 2_000_000L);

    var e = g.edges().get(0);
    assertThat(e.requests()).isEqualTo(2);
    assertThat(e.windowRequests()).isEqualTo(1);
    assertThat(e.p99Ms()).isEqualTo(2.0);
  }
}
