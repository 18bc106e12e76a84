package com.zenith.functions.local.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Latency samples (when an event was due, when it arrived) in arrays allocated once: a queue of
 * boxed values grew by two objects per event and every young collection of the load generator
 * copied them all, which showed in the tail it measured.
 */
final class Samples {
  private static final int CAPACITY = 1 << 22;
  private final long[] due = new long[CAPACITY];
  private final long[] at = new long[CAPACITY];
  private final AtomicInteger next = new AtomicInteger();

  void add(long dueNanos, long atNanos) {
    int i = next.getAndIncrement();
    if (i < CAPACITY) {
      due[i] = dueNanos;
      at[i] = atNanos;
    }
  }

  void clear() {
    next.set(0);
  }

  private int size() {
    return Math.min(next.get(), CAPACITY);
  }

  /** The latencies, sorted. */
  long[] sorted() {
    int n = size();
    long[] lat = new long[n];
    for (int i = 0; i < n; i++) {
      lat[i] = at[i] - due[i];
    }
    Arrays.sort(lat);
    return lat;
  }

  /** The {@code p}th percentile of {@code sorted}, 0 when there is none. */
  static long pct(long[] sorted, double p) {
    return sorted.length == 0
        ? 0
        : sorted[
            Math.max(
                0, Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1))];
  }

  /** Writes "due arrived" (System.nanoTime) per line, to line the tail up with GC logs. */
  void write(Path file) throws IOException {
    try (PrintWriter w = new PrintWriter(file.toFile(), java.nio.charset.StandardCharsets.UTF_8)) {
      for (int i = 0, n = size(); i < n; i++) {
        w.println(due[i] + " " + at[i]);
      }
    }
  }
}
