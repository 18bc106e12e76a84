package com.zenith.functions.local.traces;

import java.util.Map;

/**
 * One finished span as the engine keeps it, from a function's exporter or from the gateway.
 *
 * @param traceId 32 lowercase hex digits
 * @param spanId 16 lowercase hex digits
 * @param parentSpanId 16 hex digits, or null for a root span
 * @param service the {@code service.name} resource attribute (a Function's name)
 * @param name the span's name
 * @param kind SERVER, CLIENT, PRODUCER, CONSUMER, INTERNAL or UNSPECIFIED
 * @param startNanos start, in nanoseconds since the epoch
 * @param durationNanos end minus start
 * @param status OK, ERROR or UNSET
 * @param statusMessage the status description, or null
 * @param attributes the span's attributes as strings
 * @param source {@code otlp} (exported by a program) or {@code gateway} (the engine's own hop)
 */
public record SpanRecord(
    String traceId,
    String spanId,
    String parentSpanId,
    String service,
    String name,
    String kind,
    long startNanos,
    long durationNanos,
    String status,
    String statusMessage,
    Map<String, String> attributes,
    String source) {

  /** The end, in nanoseconds since the epoch. */
  public long endNanos() {
    return startNanos + durationNanos;
  }

  /** True when the span failed. */
  public boolean failed() {
    return "ERROR".equals(status);
  }
}
