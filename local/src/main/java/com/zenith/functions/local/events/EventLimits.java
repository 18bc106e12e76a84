package com.zenith.functions.local.events;

import java.util.Locale;
import java.util.Map;

/**
 * How large a request the broker ingress takes: one event (the HTTP body: the data in binary mode,
 * the whole event in structured mode) and one batch ({@code application/cloudevents-batch+json}).
 * Larger requests get 413 before their body is read into memory. Read from ZENITH_EVENT_MAX_BYTES
 * and ZENITH_EVENT_MAX_BATCH_BYTES.
 */
public record EventLimits(long maxEventBytes, long maxBatchBytes, int maxBatchEvents) {
  /** The batch media type of the CloudEvents JSON format. */
  public static final String BATCH_CONTENT_TYPE = "application/cloudevents-batch+json";

  /** 4 MiB per event (the size a Kafka-backed Knative broker is usually given), 16 MiB a batch. */
  public static EventLimits defaults() {
    return new EventLimits(4L << 20, 16L << 20, 1000);
  }

  /** Defaults overridden by the environment. */
  public static EventLimits fromEnv(Map<String, String> env) {
    EventLimits d = defaults();
    return new EventLimits(
        longOf(env, "ZENITH_EVENT_MAX_BYTES", d.maxEventBytes()),
        longOf(env, "ZENITH_EVENT_MAX_BATCH_BYTES", d.maxBatchBytes()),
        d.maxBatchEvents());
  }

  /** The largest body accepted for a request of this content type. */
  public long bodyLimit(String contentType) {
    return isBatch(contentType) ? maxBatchBytes : maxEventBytes;
  }

  /** True for the batch media type. */
  public static boolean isBatch(String contentType) {
    return contentType != null
        && contentType.strip().toLowerCase(Locale.ROOT).startsWith(BATCH_CONTENT_TYPE);
  }

  private static long longOf(Map<String, String> env, String name, long fallback) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      long n = Long.parseLong(v.strip());
      if (n < 1) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a positive number of bytes, got " + v);
    }
  }
}
