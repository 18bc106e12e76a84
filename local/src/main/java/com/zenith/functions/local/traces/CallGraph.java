package com.zenith.functions.local.traces;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live call graph from what the gateway and the broker see, with no instrumentation: one edge
 * per caller and callee, with request and error counts since the engine started and latency
 * percentiles over a sliding window (the last {@code window}, at most {@link #SAMPLES} calls per
 * edge). An error is a 5xx answer or no answer at all.
 */
public final class CallGraph {
  /** Latency samples kept per edge. */
  public static final int SAMPLES = 2048;

  /** The default sliding window. */
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

  /** An edge as the API shows it; latencies in milliseconds over the window (null: no call). */
  public record Edge(
      String from,
      String to,
      long requests,
      long errors,
      int windowRequests,
      int windowErrors,
      Double p50Ms,
      Double p95Ms,
      Double p99Ms,
      Instant lastSeen) {}

  private record Key(String from, String to) {}

  /** One edge's counters and its ring of recent samples; guarded by itself. */
  private static final class Stats {
    final long[] at = new long[SAMPLES];
    final long[] nanos = new long[SAMPLES];
    final boolean[] failed = new boolean[SAMPLES];
    int next;
    int filled;
    long requests;
    long errors;
    long lastMillis;
  }

  private final Map<Key, Stats> edges = new ConcurrentHashMap<>();
  private final Duration window;
  private final Clock clock;

  /** A graph with the default window. */
  public CallGraph() {
    this(DEFAULT_WINDOW, Clock.systemUTC());
  }

  /** A graph whose percentiles cover the last {@code window}. */
  public CallGraph(Duration window, Clock clock) {
    this.window = window;
    this.clock = clock;
  }

  /** The window the percentiles cover. */
  public Duration window() {
    return window;
  }

  /** Records one call; {@code status} 0 means no answer. */
  public void record(String from, String to, int status, long nanos) {
    Stats s = edges.computeIfAbsent(new Key(from, to), k -> new Stats());
    boolean error = status == 0 || status >= 500;
    long now = clock.millis();
    synchronized (s) {
      s.requests++;
      if (error) {
        s.errors++;
      }
      s.at[s.next] = now;
      s.nanos[s.next] = nanos;
      s.failed[s.next] = error;
      s.next = (s.next + 1) % SAMPLES;
      s.filled = Math.min(SAMPLES, s.filled + 1);
      s.lastMillis = now;
    }
  }

  /** Every edge, busiest first. */
  public List<Edge> edges() {
    long cut = clock.millis() - window.toMillis();
    List<Edge> out = new ArrayList<>();
    edges.forEach(
        (k, s) -> {
          long[] recent;
          int windowErrors = 0;
          long requests;
          long errors;
          long last;
          synchronized (s) {
            recent = new long[s.filled];
            int n = 0;
            for (int i = 0; i < s.filled; i++) {
              if (s.at[i] >= cut) {
                recent[n++] = s.nanos[i];
                windowErrors += s.failed[i] ? 1 : 0;
              }
            }
            recent = Arrays.copyOf(recent, n);
            requests = s.requests;
            errors = s.errors;
            last = s.lastMillis;
          }
          Arrays.sort(recent);
          out.add(
              new Edge(
                  k.from(),
                  k.to(),
                  requests,
                  errors,
                  recent.length,
                  windowErrors,
                  percentile(recent, 50),
                  percentile(recent, 95),
                  percentile(recent, 99),
                  Instant.ofEpochMilli(last)));
        });
    out.sort(Comparator.comparingLong(Edge::requests).reversed());
    return out;
  }

  /** Nearest-rank percentile of sorted nanoseconds, in milliseconds; null when empty. */
  static Double percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return null;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    long v = sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    return Math.round(v / 1e3) / 1e3;
  }
}
