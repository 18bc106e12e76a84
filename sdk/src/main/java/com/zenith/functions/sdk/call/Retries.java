package com.zenith.functions.sdk.call;

import com.zenith.functions.sdk.trace.SpanAttributes;
import com.zenith.functions.sdk.trace.TraceSpan;
import java.lang.System.Logger.Level;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The retry policy of calls: which failures get another attempt, how long to wait before it
 * (exponential backoff, a longer {@code Retry-After} honoured up to the backoff's cap), and the
 * wait itself (a span event, a debug line, the sleeper).
 */
final class Retries {
  /** Statuses worth another attempt. */
  static final Set<Integer> RETRYABLE_STATUS = Set.of(408, 429, 502, 503, 504);

  private static final System.Logger LOG = System.getLogger("com.zenith.functions.sdk.call");

  private final Backoff backoff;
  private final Sleeper sleeper;

  Retries(Backoff backoff, Sleeper sleeper) {
    this.backoff = backoff;
    this.sleeper = sleeper;
  }

  /** True when the call allows another attempt after {@code attempt}. */
  static boolean allowAnother(CallEngine.Call call, int attempt) {
    return attempt <= call.retries();
  }

  /** True when a response with this status is tried again and the call allows it. */
  static boolean retryable(CallEngine.Call call, int attempt, int status) {
    return RETRYABLE_STATUS.contains(status) && allowAnother(call, attempt);
  }

  /** The wait after a failed attempt that got no response. */
  Duration delay(int attempt) {
    return backoff.delay(attempt);
  }

  /** The wait after a response: the backoff, or a longer Retry-After (in seconds) up to the cap. */
  Duration delay(int attempt, HttpResponse<?> response) {
    Duration d = backoff.delay(attempt);
    var retryAfter = response.headers().firstValue("Retry-After");
    if (retryAfter.isPresent()) {
      try {
        Duration asked = Duration.ofSeconds(Long.parseLong(retryAfter.get().trim()));
        Duration capped = asked.compareTo(backoff.max()) > 0 ? backoff.max() : asked;
        return capped.compareTo(d) > 0 ? capped : d;
      } catch (NumberFormatException ignored) {
        // an HTTP date: keep the backoff
      }
    }
    return d;
  }

  /**
   * Records the retry on the span, logs it and waits.
   *
   * @throws CallException when interrupted while waiting
   */
  void pause(
      CallEngine.Call call,
      TraceSpan span,
      int attempt,
      Duration delay,
      String reason,
      Exception cause) {
    span.event(
        SpanAttributes.RETRY_EVENT,
        Map.of(
            SpanAttributes.RETRY_ATTEMPT, attempt,
            SpanAttributes.RETRY_DELAY_MS, delay.toMillis(),
            SpanAttributes.RETRY_REASON, reason));
    LOG.log(
        Level.DEBUG,
        "retrying {0} {1} to {2} in {3} ms (attempt {4} failed{5})",
        call.method(),
        call.uri(),
        call.target(),
        delay.toMillis(),
        attempt,
        cause == null ? "" : ": " + CallException.describe(cause));
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CallException.of(call, -1, attempt, "interrupted while waiting to retry", null, e);
    }
  }
}
