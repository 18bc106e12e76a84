package com.zenith.functions.local.events;

import java.util.Locale;
import java.util.Map;

/**
 * How large a request the broker ingress takes: one event (the HTTP body: the data in binary mode,
 * the whole event in structured mode) and one batch ({@code application/cloudevents-batch+json}).
 * Larger requests get 413 before their body is read into memory. Also how much of one trigger's
 * backlog is held in memory ({@code heldEvents} deliveries, {@code heldBytes} of journal lines):
 * the rest waits in the journal and is read back as the backlog shrinks. Read from
 * ZENITH_EVENT_MAX_BYTES, ZENITH_EVENT_MAX_BATCH_BYTES, ZENITH_EVENT_HELD and
 * ZENITH_EVENT_HELD_BYTES.
 */
public record EventLimits(
    long maxEventBytes, long maxBatchBytes, int maxBatchEvents, int heldEvents, long heldBytes) {
  /** Deliveries held in memory per trigger by default. */
  public static final int HELD_EVENTS = 2048;

  /** Bytes of journal lines held in memory per trigger by default. */
  public static final long HELD_BYTES = 16L << 20;

  /** Size limits with the default backlog held in memory. */
  public EventLimits(long maxEventBytes, long maxBatchBytes, int maxBatchEvents) {
    this(maxEventBytes, maxBatchBytes, maxBatchEvents, HELD_EVENTS, HELD_BYTES);
  }

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
        longOf(env, "ZENITH_EVENT_MAX_BYTES", d.maxEventBytes(), "bytes"),
        longOf(env, "ZENITH_EVENT_MAX_BATCH_BYTES", d.maxBatchBytes(), "bytes"),
        d.maxBatchEvents(),
        (int)
            Math.min(Integer.MAX_VALUE, longOf(env, "ZENITH_EVENT_HELD", d.heldEvents(), "events")),
        longOf(env, "ZENITH_EVENT_HELD_BYTES", d.heldBytes(), "bytes"));
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

  private static long longOf(Map<String, String> env, String name, long fallback, String unit) {
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
      throw new IllegalArgumentException(
          name + " must be a positive number of " + unit + ", got " + v);
    }
  }
}
