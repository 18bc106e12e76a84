package com.zenith.functions.sdk.trace;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.util.Map;

/** A {@link TraceSpan} over an OpenTelemetry span. */
final class OtelSpan implements TraceSpan {
  private final Span span;
  private final SpanKind kind;
  private final TraceContext context;
  private boolean ended;

  /**
   * @param fallback the context to pass on when the span has no valid ids (a no-op tracer)
   */
  OtelSpan(Span span, SpanKind kind, TraceContext fallback) {
    this.span = span;
    this.kind = kind;
    this.context =
        contextOf(span.getSpanContext(), fallback == null ? null : fallback.baggage(), fallback);
  }

  /** The W3C context naming {@code sc} as parent, or {@code fallback} when it is not valid. */
  static TraceContext contextOf(SpanContext sc, String baggage, TraceContext fallback) {
    if (!sc.isValid()) {
      return fallback;
    }
    Map<String, String> h = OtelTracing.headers(sc);
    return new TraceContext(h.get("traceparent"), h.get("tracestate"), baggage);
  }

  @Override
  public TraceContext context() {
    return context;
  }

  @Override
  public TraceContext.Scope makeCurrent() {
    var otel = span.makeCurrent();
    TraceContext.Scope local = context == null ? () -> {} : context.makeCurrent();
    return () -> {
      local.close();
      otel.close();
    };
  }

  @Override
  public TraceSpan attribute(String key, String value) {
    span.setAttribute(key, value);
    return this;
  }

  @Override
  public TraceSpan attribute(String key, long value) {
    span.setAttribute(key, value);
    return this;
  }

  @Override
  public TraceSpan event(String name, Map<String, Object> attributes) {
    AttributesBuilder b = Attributes.builder();
    attributes.forEach(
        (k, v) -> {
          switch (v) {
            case Long l -> b.put(k, l);
            case Integer i -> b.put(k, (long) i);
            case Double d -> b.put(k, d);
            case Boolean bool -> b.put(k, bool);
            case null -> {}
            default -> b.put(k, v.toString());
          }
        });
    span.addEvent(name, b.build());
    return this;
  }

  @Override
  public TraceSpan status(int httpStatus) {
    if (httpStatus <= 0) {
      return this;
    }
    span.setAttribute("http.response.status_code", (long) httpStatus);
    boolean failed = kind == SpanKind.SERVER ? httpStatus >= 500 : httpStatus >= 400;
    if (failed) {
      span.setAttribute("error.type", Integer.toString(httpStatus));
      span.setStatus(StatusCode.ERROR);
    }
    return this;
  }

  @Override
  public TraceSpan error(Throwable error) {
    span.setAttribute("error.type", error.getClass().getName());
    span.setStatus(StatusCode.ERROR, error.getMessage() == null ? "" : error.getMessage());
    span.recordException(error);
    return this;
  }

  @Override
  public void end() {
    if (!ended) {
      ended = true;
      span.end();
    }
  }
}
