package com.zenith.functions.sdk.trace;

import io.cloudevents.CloudEvent;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Where the SDK's spans go. {@link #detect(Map)} picks OpenTelemetry when its API is on the class
 * path ({@link OtelTracing}), else {@link #none()}, which records nothing and passes the incoming
 * W3C context on unchanged. Either way the spans' {@link TraceSpan#context()} is what every call,
 * fire-and-forget send and event carries: the one propagation path.
 */
public interface Tracing {
  /**
   * A server span for one handled request.
   *
   * @param route the matched route, or null when none matched
   * @param parent the request's context, or null when it carried none
   */
  TraceSpan server(String method, String route, String path, TraceContext parent);

  /**
   * A client span for one call to another function (all its attempts).
   *
   * @param parent the context the call was made in, or null
   */
  TraceSpan client(String target, String method, URI uri, TraceContext parent);

  /** A producer span for one published event, child of {@code parent} (may be null). */
  TraceSpan producer(CloudEvent event, TraceContext parent);

  /**
   * A consumer span for one received event: a child of the event's {@code traceparent} extension
   * when the delivery is not in that trace already, else of the delivery (see {@link
   * #consumerParent}).
   *
   * @param delivery the context of the HTTP request that delivered it
   */
  TraceSpan consumer(CloudEvent event, TraceContext delivery);

  /** The context a new call or event made on this thread starts from, or null. */
  TraceContext current();

  /** Called when a function host starts: set up exporting if the environment asks for it. */
  default void hostStarted() {}

  /** Exports what is buffered, waiting at most {@code timeout}. */
  default void flush(Duration timeout) {}

  /** Releases what {@link #hostStarted()} set up. */
  default void close() {}

  /** Records nothing; propagates the W3C context unchanged. */
  static Tracing none() {
    return NoTracing.INSTANCE;
  }

  /**
   * OpenTelemetry when {@code io.opentelemetry.api} is on the class path, else {@link #none()}.
   *
   * @param env the SDK's environment ({@code OTEL_*} settings for exporting)
   */
  static Tracing detect(Map<String, String> env) {
    try {
      Class.forName(
          "io.opentelemetry.api.GlobalOpenTelemetry", false, Tracing.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError absent) {
      return none();
    }
    return OtelTracing.detected(env);
  }

  /**
   * The parent of a received event's processing: the delivery when it already belongs to the
   * event's trace (the broker passed {@code traceparent} on), else the event's own context (the
   * producer), else the delivery.
   */
  static TraceContext consumerParent(TraceContext delivery, TraceContext event) {
    if (event == null) {
      return delivery;
    }
    if (delivery != null && delivery.traceId().equals(event.traceId())) {
      return delivery;
    }
    return event;
  }
}
