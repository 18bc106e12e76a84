package com.zenith.functions.sdk.events;

import com.zenith.functions.sdk.Json;
import com.zenith.functions.sdk.call.CallEngine;
import com.zenith.functions.sdk.call.CallException;
import com.zenith.functions.sdk.trace.EventTrace;
import com.zenith.functions.sdk.trace.TraceContext;
import com.zenith.functions.sdk.trace.TraceSpan;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.UUID;

/**
 * Publishes CloudEvents to the function's sink: {@code K_SINK} when set (Knative SinkBinding), else
 * {@code http://broker-ingress.knative-eventing.svc.cluster.local/<namespace>/<broker>}. Binary
 * mode by default, structured with {@code ZENITH_EVENT_MODE=structured}. Publishing goes through
 * the same retries and circuit breaker as calls; the event id is the {@code Idempotency-Key}. Each
 * publish is a producer span whose context the event carries as its {@code traceparent} extension
 * (CloudEvents distributed tracing), so that its consumers join the trace.
 *
 * <pre>{@code
 * Functions.events().publish("com.example.transaction.created", transaction);
 * }</pre>
 */
public final class EventPublisher {
  /** The breaker and error-message name of the sink. */
  public static final String TARGET = "event-sink";

  private final CallEngine engine;
  private final URI sink;
  private final URI source;
  private final boolean structured;
  private final Duration timeout;
  private final int retries;

  /**
   * @param engine runs the POSTs
   * @param sink where events go
   * @param source the default {@code source} attribute of events built by {@link #publish(String,
   *     Object)}
   * @param structured structured mode instead of binary
   * @param timeout per attempt
   * @param retries attempts after the first
   */
  public EventPublisher(
      CallEngine engine,
      URI sink,
      String source,
      boolean structured,
      Duration timeout,
      int retries) {
    this.engine = engine;
    this.sink = sink;
    this.source = URI.create(source);
    this.structured = structured;
    this.timeout = timeout;
    this.retries = retries;
  }

  /** The broker ingress URL for a namespace and broker name. */
  public static URI brokerIngress(String namespace, String broker) {
    return URI.create(
        "http://broker-ingress.knative-eventing.svc.cluster.local/" + namespace + "/" + broker);
  }

  /** Where events go. */
  public URI sink() {
    return sink;
  }

  /**
   * Builds an event (random id, this function as source, now as time, {@code data} as JSON) and
   * publishes it.
   *
   * @return the event that was sent
   * @throws com.zenith.functions.sdk.call.CallException when the sink refused it or is unreachable
   */
  public CloudEvent publish(String type, Object data) {
    return send(event(type, data));
  }

  /** An event as {@link #publish(String, Object)} would build it, without sending it. */
  public CloudEvent event(String type, Object data) {
    var b =
        CloudEventBuilder.v1()
            .withId(UUID.randomUUID().toString())
            .withSource(source)
            .withType(type)
            .withTime(OffsetDateTime.now(ZoneOffset.UTC));
    if (data != null) {
      b.withData("application/json", Json.write(data));
    }
    return b.build();
  }

  /**
   * Publishes an event as it is.
   *
   * @throws com.zenith.functions.sdk.call.CallException when the sink refused it or is unreachable
   */
  public void publish(CloudEvent event) {
    send(event);
  }

  private CloudEvent send(CloudEvent event) {
    TraceSpan span = engine.tracing().producer(event, engine.tracing().current());
    CloudEvent traced = EventTrace.write(event, span.context());
    try (var scope = span.makeCurrent()) {
      engine.execute(call(traced, span.context()));
      return traced;
    } catch (CallException e) {
      span.error(e);
      throw e;
    } finally {
      span.end();
    }
  }

  /**
   * Publishes without waiting, on the fire-and-forget queue.
   *
   * @return false when the queue was full and the event was dropped
   */
  public boolean publishAsync(CloudEvent event) {
    // The producer span covers the hand-over to the queue; the send is its child client span.
    TraceSpan span = engine.tracing().producer(event, engine.tracing().current());
    try {
      return engine.submit(call(EventTrace.write(event, span.context()), span.context()));
    } finally {
      span.end();
    }
  }

  private CallEngine.Call call(CloudEvent event, TraceContext trace) {
    CloudEventsHttp.Message m =
        structured ? CloudEventsHttp.toStructured(event) : CloudEventsHttp.toBinary(event);
    var headers = new LinkedHashMap<>(m.headers());
    String contentType = headers.remove("Content-Type");
    headers.put(CallEngine.IDEMPOTENCY_KEY, event.getId());
    byte[] body = m.body().length == 0 ? null : m.body();
    return new CallEngine.Call(
        TARGET, "POST", sink, body, contentType, headers, timeout, retries, trace);
  }
}
