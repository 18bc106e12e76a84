package com.zenith.functions.sdk.host;

import com.zenith.functions.sdk.events.CloudEventsHttp;
import com.zenith.functions.sdk.host.Handlers.EventHandler;
import com.zenith.functions.sdk.host.Handlers.JsonHandler;
import com.zenith.functions.sdk.trace.TraceSpan;
import com.zenith.functions.sdk.trace.Tracing;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The CloudEvents route ({@code POST /}): reads the event, picks the handler for its type (else the
 * catch-all) and runs it inside a consumer span that joins the producer's trace.
 */
final class EventRoute implements Handlers.RequestHandler {
  private static final System.Logger LOG = System.getLogger("com.zenith.functions.sdk.host");

  private final Tracing tracing;
  private final List<Map.Entry<String, EventHandler>> handlers = new CopyOnWriteArrayList<>();

  EventRoute(Tracing tracing) {
    this.tracing = tracing;
  }

  /** Adds a handler for {@code type}, or for any type when null. */
  void add(String type, EventHandler handler) {
    handlers.add(new AbstractMap.SimpleImmutableEntry<>(type, handler));
  }

  /** Adds a handler for one type with the data bound to {@code dataType}. */
  <T> void add(String type, Class<T> dataType, JsonHandler<T> handler) {
    add(type, event -> handler.handle(data(event, dataType)));
  }

  @Override
  @SuppressWarnings("try") // the span's scope is used for its side effect
  public Object handle(Request request) throws Exception {
    CloudEvent event;
    try {
      event = CloudEventsHttp.read(request.headers(), request.body());
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, e.getMessage(), e);
    }
    EventHandler handler = handlerFor(event.getType());
    if (handler == null) {
      LOG.log(Level.WARNING, "no handler for CloudEvent type {0}", event.getType());
      throw new HttpError(422, "no handler for CloudEvent type " + event.getType());
    }
    TraceSpan span = tracing.consumer(event, request.trace());
    try (var scope = span.makeCurrent()) {
      Object result = handler.handle(event);
      return result == null ? Response.of(202, null) : result;
    } catch (HttpError e) {
      span.status(e.status());
      throw e;
    } catch (Exception e) {
      span.error(e);
      throw e;
    } finally {
      span.end();
    }
  }

  private EventHandler handlerFor(String type) {
    EventHandler catchAll = null;
    for (var h : handlers) {
      if (h.getKey() == null) {
        catchAll = catchAll == null ? h.getValue() : catchAll;
      } else if (h.getKey().equals(type)) {
        return h.getValue();
      }
    }
    return catchAll;
  }

  private static <T> T data(CloudEvent event, Class<T> type) {
    try {
      T data = CloudEventsHttp.data(event, type);
      if (data == null) {
        throw new HttpError(400, "CloudEvent " + event.getId() + " has no data");
      }
      return data;
    } catch (IOException e) {
      throw new HttpError(400, "CloudEvent data is not JSON for " + type.getSimpleName(), e);
    }
  }
}
