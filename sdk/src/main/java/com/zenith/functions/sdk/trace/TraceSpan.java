package com.zenith.functions.sdk.trace;

import java.util.Map;

/**
 * One unit of the SDK's work as {@link Tracing} records it: an OpenTelemetry span when the API is
 * on the class path and a tracer provider is installed, else nothing but the W3C context to pass
 * on. Not thread-safe: the thread that started a span ends it.
 */
public interface TraceSpan {
  /** The context to propagate from this span (its own ids, or the parent's when not recorded). */
  TraceContext context();

  /** Makes this span (and its {@link #context()}) current until the scope closes. */
  TraceContext.Scope makeCurrent();

  /** Sets a string attribute. */
  TraceSpan attribute(String key, String value);

  /** Sets a number attribute. */
  TraceSpan attribute(String key, long value);

  /** Adds an event with attributes (values: String, Long/Integer, Boolean, Double). */
  TraceSpan event(String name, Map<String, Object> attributes);

  /**
   * Records the HTTP status ({@code http.response.status_code}); marks the span failed when the
   * status counts as an error for its kind (5xx on a server, 4xx and 5xx on a client).
   */
  TraceSpan status(int httpStatus);

  /** Marks the span failed by {@code error} ({@code error.type}, an exception event). */
  TraceSpan error(Throwable error);

  /** Ends the span; later calls do nothing. */
  void end();
}
