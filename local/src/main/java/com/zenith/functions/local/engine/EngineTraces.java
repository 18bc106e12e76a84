package com.zenith.functions.local.engine;

import com.zenith.functions.local.DevOptions;
import com.zenith.functions.local.traces.Agents;
import com.zenith.functions.local.traces.CallGraph;
import com.zenith.functions.local.traces.GatewaySpans;
import com.zenith.functions.local.traces.OtlpReceiver;
import com.zenith.functions.local.traces.RootSampler;
import com.zenith.functions.local.traces.SpanStore;
import com.zenith.functions.local.traces.TracesApi;
import com.zenith.functions.local.traces.TracingSetup;
import java.io.IOException;
import java.net.URI;

/**
 * The engine's traces: the span store and live call graph, the OTLP/HTTP receiver the functions
 * export to, the gateway's record of the hops it forwards, and how runners set tracing up.
 */
final class EngineTraces implements AutoCloseable {
  private final SpanStore spans = new SpanStore();
  private final CallGraph graph = new CallGraph();
  private OtlpReceiver otlp;

  /** Starts the receiver. */
  void start() throws IOException {
    // Spans are received on a loopback port of their own, whatever --bind says: only the
    // session's functions export to it.
    otlp = OtlpReceiver.start(spans, "127.0.0.1", 0);
  }

  /** What records the gateway's hops (and the broker's deliveries) as spans. */
  GatewaySpans hops(RootSampler roots) {
    return new GatewaySpans(spans, graph, roots);
  }

  /** The gateway's /_zenith/ traces endpoints. */
  TracesApi api() {
    return new TracesApi(spans, graph);
  }

  /** How the runners give functions tracing: the receiver, --tracing, the Java agent. */
  TracingSetup setup(DevOptions options) {
    return new TracingSetup(
        otlp.endpoint(), options.tracing(), new Agents(options.cacheDir(), mavenRepository()));
  }

  /** Where the Java agent is downloaded from: ZENITH_MAVEN_REPOSITORY, else Maven Central. */
  private static URI mavenRepository() {
    String v = System.getenv("ZENITH_MAVEN_REPOSITORY");
    if (v == null || v.isBlank()) {
      return Agents.MAVEN_CENTRAL;
    }
    return URI.create(v.endsWith("/") ? v : v + "/");
  }

  SpanStore spans() {
    return spans;
  }

  CallGraph graph() {
    return graph;
  }

  /** The receiver's base URL. */
  String endpoint() {
    return otlp.endpoint();
  }

  @Override
  public void close() {
    if (otlp != null) {
      otlp.close();
    }
  }
}
