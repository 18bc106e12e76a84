package com.zenith.functions.sdk.trace;

import io.cloudevents.CloudEvent;
import java.net.URI;
import java.util.Map;

/** Records nothing: each span only carries the context it started from. */
final class NoTracing implements Tracing {
  static final NoTracing INSTANCE = new NoTracing();

  private NoTracing() {}

  @Override
  public TraceSpan server(String method, String route, String path, TraceContext parent) {
    return new Carrier(parent != null ? parent : TraceContext.newRoot(null));
  }

  @Override
  public TraceSpan client(String target, String method, URI uri, TraceContext parent) {
    return new Carrier(parent);
  }

  @Override
  public TraceSpan producer(CloudEvent event, TraceContext parent) {
    return new Carrier(parent);
  }

  @Override
  public TraceSpan consumer(CloudEvent event, TraceContext delivery) {
    return new Carrier(Tracing.consumerParent(delivery, EventTrace.read(event)));
  }

  @Override
  public TraceContext current() {
    return TraceContext.current();
  }

  /** A span that is only its context. */
  record Carrier(TraceContext context) implements TraceSpan {
    @Override
    public TraceContext.Scope makeCurrent() {
      return context == null ? () -> {} : context.makeCurrent();
    }

    @Override
    public TraceSpan attribute(String key, String value) {
      return this;
    }

    @Override
    public TraceSpan attribute(String key, long value) {
      return this;
    }

    @Override
    public TraceSpan event(String name, Map<String, Object> attributes) {
      return this;
    }

    @Override
    public TraceSpan status(int httpStatus) {
      return this;
    }

    @Override
    public TraceSpan error(Throwable error) {
      return this;
    }

    @Override
    public void end() {}
  }
}
