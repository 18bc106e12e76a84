package com.zenith.functions.sdk.trace;

import io.cloudevents.CloudEvent;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Spans through the OpenTelemetry API. The tracer comes from, in this order: the instance given to
 * {@link #of}; a {@link GlobalOpenTelemetry} someone installed (the Java agent, the application);
 * the SDK's own exporter, set up by {@link #hostStarted()} when {@code OTEL_EXPORTER_OTLP_ENDPOINT}
 * is set ({@link OtlpSetup}). Until one exists it behaves as {@link Tracing#none()}.
 *
 * <p>Only this class, {@link OtelSpan} and {@link OtlpSetup} name OpenTelemetry types, and they are
 * loaded only after {@link Tracing#detect} found the API: the SDK runs without it.
 */
public final class OtelTracing implements Tracing {
  /** The instrumentation scope of the SDK's spans. */
  public static final String SCOPE = "com.zenith.functions.sdk";

  private static final System.Logger LOG = System.getLogger("com.zenith.functions.sdk.trace");
  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
  private static final TextMapGetter<TraceContext> FROM_CONTEXT =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(TraceContext carrier) {
          return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(TraceContext carrier, String key) {
          if (carrier == null) {
            return null;
          }
          return switch (key) {
            case "traceparent" -> carrier.traceparent();
            case "tracestate" -> carrier.tracestate();
            default -> null;
          };
        }
      };

  /**
   * The OpenTelemetry Java agent (its premain class on the system class path). Recent agents make
   * {@link GlobalOpenTelemetry#isSet()} true; older ones only answer {@code get()}.
   */
  private static final boolean AGENT = agentPresent();

  private final Map<String, String> env;
  private volatile Tracer tracer;
  private OtlpSetup.Installed installed;

  private OtelTracing(Map<String, String> env, Tracer tracer) {
    this.env = env;
    this.tracer = tracer;
  }

  /** Spans through the given instance (tests: an SDK with an in-memory exporter). */
  public static OtelTracing of(OpenTelemetry openTelemetry) {
    return new OtelTracing(Map.of(), openTelemetry.getTracer(SCOPE));
  }

  /** Spans through a global instance when one appears, or the SDK's exporter once a host starts. */
  static OtelTracing detected(Map<String, String> env) {
    return new OtelTracing(env, null);
  }

  private Tracer tracer() {
    Tracer t = tracer;
    if (t == null && (AGENT || GlobalOpenTelemetry.isSet())) {
      t = GlobalOpenTelemetry.get().getTracer(SCOPE);
      tracer = t;
    }
    return t;
  }

  @Override
  public synchronized void hostStarted() {
    if (tracer() != null || installed != null || !OtlpSettings.wanted(env)) {
      return;
    }
    if (!OtlpSettings.available()) {
      LOG.log(
          Level.WARNING,
          "OTEL_EXPORTER_OTLP_ENDPOINT is set but opentelemetry-sdk-extension-autoconfigure or"
              + " opentelemetry-exporter-otlp is not on the class path: spans are not exported");
      return;
    }
    installed = OtlpSetup.install(env);
    if (installed != null) {
      tracer = installed.openTelemetry().getTracer(SCOPE);
    }
  }

  @Override
  public synchronized void flush(Duration timeout) {
    if (installed != null) {
      installed.flush(timeout);
    }
  }

  @Override
  public synchronized void close() {
    if (installed != null) {
      installed.close();
      installed = null;
      tracer = null;
    }
  }

  @Override
  public TraceSpan server(String method, String route, String path, TraceContext parent) {
    Tracer t = tracer();
    if (t == null) {
      return Tracing.none().server(method, route, path, parent);
    }
    // An agent's server span already current (it instruments the JDK server) is the better parent.
    Context now = Context.current();
    Context p = Span.fromContext(now).getSpanContext().isValid() ? now : remote(parent);
    SpanBuilder b =
        t.spanBuilder(route == null ? method : method + " " + route)
            .setSpanKind(SpanKind.SERVER)
            .setParent(p)
            .setAttribute("http.request.method", method)
            .setAttribute("url.path", path);
    if (route != null) {
      b.setAttribute("http.route", route);
    }
    TraceContext fallback = parent != null ? parent : TraceContext.newRoot(null);
    return new OtelSpan(b.startSpan(), SpanKind.SERVER, fallback);
  }

  @Override
  public TraceSpan client(String target, String method, URI uri, TraceContext parent) {
    Tracer t = tracer();
    if (t == null) {
      return Tracing.none().client(target, method, uri, parent);
    }
    SpanBuilder b =
        t.spanBuilder(method + " " + target)
            .setSpanKind(SpanKind.CLIENT)
            .setParent(parent(parent))
            .setAttribute("http.request.method", method)
            .setAttribute("url.full", uri.toString())
            .setAttribute(SpanAttributes.TARGET, target);
    if (uri.getHost() != null) {
      b.setAttribute("server.address", uri.getHost());
      b.setAttribute("server.port", (long) (uri.getPort() > 0 ? uri.getPort() : defaultPort(uri)));
    }
    return new OtelSpan(b.startSpan(), SpanKind.CLIENT, parent);
  }

  @Override
  public TraceSpan producer(CloudEvent event, TraceContext parent) {
    Tracer t = tracer();
    if (t == null) {
      return Tracing.none().producer(event, parent);
    }
    SpanBuilder b =
        eventAttributes(
            t.spanBuilder("CloudEvents Create " + event.getType())
                .setSpanKind(SpanKind.PRODUCER)
                .setParent(parent(parent)),
            event);
    return new OtelSpan(b.startSpan(), SpanKind.PRODUCER, parent);
  }

  @Override
  public TraceSpan consumer(CloudEvent event, TraceContext delivery) {
    Tracer t = tracer();
    if (t == null) {
      return Tracing.none().consumer(event, delivery);
    }
    TraceContext fromEvent = EventTrace.read(event);
    TraceContext parent = Tracing.consumerParent(delivery, fromEvent);
    SpanBuilder b =
        eventAttributes(
            t.spanBuilder("CloudEvents Process " + event.getType())
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(parent(parent)),
            event);
    // The context that is not the parent stays reachable as a link (the producer, or the delivery).
    TraceContext other = parent == fromEvent ? delivery : fromEvent;
    if (other != null && !other.spanId().equals(parent.spanId())) {
      b.addLink(Span.fromContext(remote(other)).getSpanContext());
    }
    return new OtelSpan(b.startSpan(), SpanKind.CONSUMER, parent);
  }

  @Override
  public TraceContext current() {
    TraceContext local = TraceContext.current();
    if (tracer() == null) {
      return local;
    }
    // A span the application started itself is more precise than the SDK's own.
    SpanContext sc = Span.current().getSpanContext();
    if (sc.isValid() && (local == null || !local.spanId().equals(sc.getSpanId()))) {
      return OtelSpan.contextOf(sc, local == null ? null : local.baggage(), local);
    }
    return local;
  }

  /** The current context when it is {@code parent} itself (a local parent), else {@code parent}. */
  private static Context parent(TraceContext parent) {
    Context now = Context.current();
    if (parent == null) {
      return now;
    }
    SpanContext sc = Span.fromContext(now).getSpanContext();
    if (sc.isValid()
        && sc.getSpanId().equals(parent.spanId())
        && sc.getTraceId().equals(parent.traceId())) {
      return now;
    }
    return remote(parent);
  }

  /** {@code parent} as a remote parent; the root context when null. */
  private static Context remote(TraceContext parent) {
    return parent == null ? Context.root() : W3C.extract(Context.root(), parent, FROM_CONTEXT);
  }

  private static SpanBuilder eventAttributes(SpanBuilder b, CloudEvent event) {
    b.setAttribute("cloudevents.event_id", event.getId())
        .setAttribute("cloudevents.event_type", event.getType())
        .setAttribute("cloudevents.event_source", event.getSource().toString())
        .setAttribute("cloudevents.event_spec_version", event.getSpecVersion().toString());
    if (event.getSubject() != null) {
      b.setAttribute("cloudevents.event_subject", event.getSubject());
    }
    return b;
  }

  private static boolean agentPresent() {
    try {
      Class.forName(
          "io.opentelemetry.javaagent.OpenTelemetryAgent",
          false,
          ClassLoader.getSystemClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static int defaultPort(URI uri) {
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  /** The W3C headers of a span context (traceparent, tracestate when not empty). */
  static Map<String, String> headers(SpanContext sc) {
    var out = new HashMap<String, String>(2);
    W3C.inject(Context.root().with(Span.wrap(sc)), out, Map::put);
    return out;
  }
}
