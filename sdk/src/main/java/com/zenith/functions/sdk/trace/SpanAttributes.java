package com.zenith.functions.sdk.trace;

/**
 * The attribute and event names of the SDK's own spans (besides the OpenTelemetry semantic
 * conventions for HTTP and CloudEvents). Plain strings: no OpenTelemetry type, usable without it.
 */
public final class SpanAttributes {
  /** The called function's name (client spans). */
  public static final String TARGET = "zenith.call.target";

  /** Attempts a call took, the first included (client spans). */
  public static final String ATTEMPTS = "zenith.call.attempts";

  /** The target's circuit breaker state when the call ended: CLOSED, OPEN, HALF_OPEN. */
  public static final String BREAKER_STATE = "zenith.breaker.state";

  /** The event a client span gets for each retry. */
  public static final String RETRY_EVENT = "zenith.retry";

  /** On a retry event: the number of the attempt that failed. */
  public static final String RETRY_ATTEMPT = "zenith.retry.attempt";

  /** On a retry event: the wait before the next attempt, in milliseconds. */
  public static final String RETRY_DELAY_MS = "zenith.retry.delay_ms";

  /** On a retry event: why (an HTTP status or an exception's class). */
  public static final String RETRY_REASON = "zenith.retry.reason";

  private SpanAttributes() {}
}
