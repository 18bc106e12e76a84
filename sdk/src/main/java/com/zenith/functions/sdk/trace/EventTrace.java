package com.zenith.functions.sdk.trace;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

/**
 * The CloudEvents distributed-tracing extension: {@code traceparent} and {@code tracestate} on the
 * event itself, set once by the producer and left alone by brokers, so that the consumer joins the
 * producer's trace whatever the transport did with the HTTP headers.
 */
public final class EventTrace {
  /** The extension holding the W3C traceparent. */
  public static final String TRACEPARENT = "traceparent";

  /** The extension holding the W3C tracestate. */
  public static final String TRACESTATE = "tracestate";

  private EventTrace() {}

  /** The event's context, or null when it carries no valid {@code traceparent}. */
  public static TraceContext read(CloudEvent event) {
    Object parent = event.getExtension(TRACEPARENT);
    if (parent == null || !TraceContext.isValid(parent.toString().trim())) {
      return null;
    }
    Object state = event.getExtension(TRACESTATE);
    String s = state == null || state.toString().isBlank() ? null : state.toString().trim();
    return new TraceContext(parent.toString().trim(), s, null);
  }

  /**
   * The event with {@code context} as its tracing extension; an event that already has a {@code
   * traceparent} (a forwarded one) is returned as it is, as is any event when {@code context} is
   * null.
   */
  public static CloudEvent write(CloudEvent event, TraceContext context) {
    if (context == null || event.getExtension(TRACEPARENT) != null) {
      return event;
    }
    var b = CloudEventBuilder.from(event).withExtension(TRACEPARENT, context.traceparent());
    if (context.tracestate() != null) {
      b.withExtension(TRACESTATE, context.tracestate());
    }
    return b.build();
  }
}
