package com.zenith.functions.local.traces;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class GatewaySpansTest {
  private final SpanStore store = new SpanStore();
  private final CallGraph graph = new CallGraph();
  private final AtomicLong clock = new AtomicLong(5_000_000_000L);

  @Test
  void pastTheRateNewTracesGoOnUnsampledAndStoreNothingButEveryCallIsCounted() {
    GatewaySpans spans = new GatewaySpans(store, graph, new RootSampler(1, 2, clock::get));
    int unsampled = 0;
    for (int i = 0; i < 10; i++) {
      HopObserver.Hop hop = spans.begin("external", "default/hello", "GET", "/", null);
      if (hop.traceparent().endsWith("-00")) {
        unsampled++;
      }
      hop.end(200, null);
    }
    assertThat(unsampled).isEqualTo(8);
    assertThat(store.size()).isEqualTo(2);
    assertThat(graph.edges())
        .singleElement()
        .satisfies(e -> assertThat(e.requests()).isEqualTo(10));
  }

  @Test
  void aSampledCallerIsRecordedWhateverTheRate() {
    GatewaySpans spans = new GatewaySpans(store, graph, new RootSampler(1, 1, clock::get));
    String parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    for (int i = 0; i < 5; i++) {
      HopObserver.Hop hop = spans.begin("default/a", "default/b", "GET", "/", parent);
      assertThat(hop.traceparent())
          .startsWith("00-0af7651916cd43dd8448eb211c80319c-")
          .endsWith("-01");
      hop.end(200, null);
    }
    assertThat(store.size()).isEqualTo(5);
  }
}
