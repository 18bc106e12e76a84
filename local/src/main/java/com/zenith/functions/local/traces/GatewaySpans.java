package com.zenith.functions.local.traces;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The gateway's and broker's own spans: one SERVER span per hop, named after the callee (its
 * service), with the caller as an attribute, so that a program with no instrumentation still shows
 * up in a trace. It continues the incoming {@code traceparent} (or starts a trace, as a proxy does)
 * and sends its own span id on as the parent. Every hop also feeds the {@link CallGraph}; a span is
 * stored only when the trace is sampled: by the caller's flags, or by the {@link RootSampler} for a
 * trace the gateway starts.
 */
public final class GatewaySpans implements HopObserver {
  private final SpanStore store;
  private final CallGraph graph;
  private final RootSampler roots;

  /** Spans into {@code store} (every trace sampled), edges into {@code graph}. */
  public GatewaySpans(SpanStore store, CallGraph graph) {
    this(store, graph, RootSampler.ALWAYS);
  }

  /** Spans into {@code store}, edges into {@code graph}; {@code roots} samples new traces. */
  public GatewaySpans(SpanStore store, CallGraph graph, RootSampler roots) {
    this.store = store;
    this.graph = graph;
    this.roots = roots;
  }

  @Override
  public Hop begin(String caller, String callee, String method, String path, String traceparent) {
    TraceParent in = TraceParent.parse(traceparent);
    boolean sampled = in == null ? roots.sample() : in.sampled();
    long start = System.nanoTime();
    if (in == null && !sampled) {
      // Not sampled here: the flags say so downstream, so parent-based SDKs record nothing
      // either; only the call graph counts it (the cheap path a load test takes).
      return new Unsampled(TraceParent.newUnsampledHeader(), caller, callee, start);
    }
    String traceId = in == null ? TraceParent.newTraceId() : in.traceId();
    String parent = in == null ? null : in.parentId();
    String flags = in == null ? "01" : in.flags();
    String spanId = TraceParent.newSpanId();
    String out = new TraceParent(traceId, spanId, flags).header();
    long startEpoch = epochNanos();
    AtomicBoolean ended = new AtomicBoolean();
    return new Hop() {
      @Override
      public String traceparent() {
        return out;
      }

      @Override
      public void end(int status, String error) {
        if (!ended.compareAndSet(false, true)) {
          return;
        }
        long nanos = System.nanoTime() - start;
        graph.record(caller, callee, status, nanos);
        if (!sampled) {
          return;
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("zenith.caller", caller);
        attrs.put("zenith.callee", callee);
        attrs.put("http.request.method", method);
        attrs.put("url.path", path);
        if (status > 0) {
          attrs.put("http.response.status_code", Integer.toString(status));
        }
        boolean failed = status == 0 || status >= 500;
        store.add(
            List.of(
                new SpanRecord(
                    traceId,
                    spanId,
                    parent,
                    serviceOf(callee),
                    serviceOf(callee),
                    "SERVER",
                    startEpoch,
                    nanos,
                    failed ? "ERROR" : "UNSET",
                    failed ? (error != null ? error : "HTTP " + status) : null,
                    attrs,
                    "gateway")));
      }
    };
  }

  /** A hop of a trace the gateway started and did not sample: counted in the graph only. */
  private final class Unsampled extends AtomicBoolean implements Hop {
    private final String header;
    private final String caller;
    private final String callee;
    private final long start;

    Unsampled(String header, String caller, String callee, long start) {
      this.header = header;
      this.caller = caller;
      this.callee = callee;
      this.start = start;
    }

    @Override
    public String traceparent() {
      return header;
    }

    @Override
    public void end(int status, String error) {
      if (compareAndSet(false, true)) {
        graph.record(caller, callee, status, System.nanoTime() - start);
      }
    }
  }

  /** {@code ns/name} to the Function's name (its OTEL_SERVICE_NAME). */
  private static String serviceOf(String callee) {
    int slash = callee.lastIndexOf('/');
    return slash < 0 ? callee : callee.substring(slash + 1);
  }

  private static long epochNanos() {
    var now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
