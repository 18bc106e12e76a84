package com.zenith.functions.sdk.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.sdk.TestServer;
import com.zenith.functions.sdk.TestServer.Reply;
import com.zenith.functions.sdk.Zenith;
import com.zenith.functions.sdk.host.FunctionHost;
import io.cloudevents.CloudEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SDK's spans, read back from the OpenTelemetry SDK's in-memory exporter. */
class SpansTest {
  static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetrySdk otel =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                  .build())
          .build();
  private final Tracing tracing = OtelTracing.of(otel);
  private final HttpClient http = TestServer.directClient();
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
    http.close();
    otel.close();
  }

  private Zenith zenith(Map<String, String> env) {
    var e = new HashMap<>(env);
    e.put("PORT", "0");
    Zenith z = Zenith.builder().env(e).tracing(tracing).sleeper(d -> {}).build();
    closing.add(z);
    return z;
  }

  private FunctionHost started(FunctionHost host) {
    host.start();
    closing.add(host);
    return host;
  }

  private HttpResponse<String> post(FunctionHost host, String path, Map<String, String> headers)
      throws Exception {
    var b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.port() + path))
            .POST(HttpRequest.BodyPublishers.ofString("{}"));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Spans end after the response is sent: wait (with a deadline) until they are all exported. */
  private List<SpanData> awaitSpans(int count) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (exporter.getFinishedSpanItems().size() < count && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(exporter.getFinishedSpanItems()).hasSize(count);
    return exporter.getFinishedSpanItems();
  }

  private static SpanData only(List<SpanData> spans, Predicate<SpanData> which) {
    var found = spans.stream().filter(which).toList();
    assertThat(found).as("spans %s", spans).hasSize(1);
    return found.getFirst();
  }

  private static SpanData named(List<SpanData> spans, String name) {
    return only(spans, s -> s.getName().equals(name));
  }

  private static String traceparent(SpanData s) {
    var sc = s.getSpanContext();
    return "00-" + sc.getTraceId() + "-" + sc.getSpanId() + "-" + sc.getTraceFlags().asHex();
  }

  private static Object attr(SpanData s, String key) {
    return s.getAttributes().asMap().entrySet().stream()
        .filter(e -> e.getKey().getKey().equals(key))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  @Test
  void aHandledRequestIsAServerSpanWithRouteAndStatusUnderTheIncomingParent() throws Exception {
    var host = started(zenith(Map.of()).host().post("/update", r -> Map.of("ok", true)));
    assertThat(post(host, "/update", Map.of("traceparent", PARENT)).statusCode()).isEqualTo(200);
    assertThat(post(host, "/nowhere", Map.of()).statusCode()).isEqualTo(404);

    List<SpanData> spans = awaitSpans(2);
    SpanData server = named(spans, "POST /update");
    assertThat(server.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(server.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(server.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(attr(server, "http.route")).isEqualTo("/update");
    assertThat(attr(server, "http.request.method")).isEqualTo("POST");
    assertThat(attr(server, "http.response.status_code")).isEqualTo(200L);
    assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

    SpanData unknown = named(spans, "POST");
    assertThat(unknown.getParentSpanContext().isValid()).isFalse(); // a new trace
    assertThat(attr(unknown, "http.route")).isNull();
    assertThat(attr(unknown, "http.response.status_code")).isEqualTo(404L);
  }

  @Test
  void aCallIsAClientSpanWithAttemptsBreakerStateAndARetryEvent() throws Exception {
    try (var downstream =
        TestServer.start(
            (r, n) -> n == 1 ? Reply.json(503, "{\"error\":\"busy\"}") : Reply.json(200, "{}"))) {
      Zenith z = zenith(Map.of("BALANCE_MANAGER_URL", downstream.base().toString()));
      z.call("balance-manager").post("/update", Map.of("amount", 1), String.class);

      SpanData client = only(awaitSpans(1), s -> s.getKind() == SpanKind.CLIENT);
      assertThat(client.getName()).isEqualTo("POST balance-manager");
      assertThat(attr(client, SpanAttributes.TARGET)).isEqualTo("balance-manager");
      assertThat(attr(client, SpanAttributes.ATTEMPTS)).isEqualTo(2L);
      assertThat(attr(client, SpanAttributes.BREAKER_STATE)).isEqualTo("CLOSED");
      assertThat(attr(client, "http.response.status_code")).isEqualTo(200L);
      assertThat(attr(client, "url.full")).isEqualTo(downstream.base() + "/update");
      assertThat(client.getEvents()).hasSize(1);
      var retry = client.getEvents().getFirst();
      assertThat(retry.getName()).isEqualTo(SpanAttributes.RETRY_EVENT);
      assertThat(retry.getAttributes().get(AttributeKey.longKey(SpanAttributes.RETRY_ATTEMPT)))
          .isEqualTo(1L);
      assertThat(retry.getAttributes().get(AttributeKey.stringKey(SpanAttributes.RETRY_REASON)))
          .isEqualTo("HTTP 503");
      // Both attempts name the client span as their parent.
      assertThat(downstream.requests())
          .extracting(r -> r.header("traceparent"))
          .containsOnly(traceparent(client));
    }
  }

  @Test
  void aFailedCallMarksItsSpanAndNamesTheOpenBreaker() throws Exception {
    Zenith z =
        zenith(
            Map.of(
                "BALANCE_MANAGER_URL", "http://127.0.0.1:1",
                "ZENITH_CALL_RETRIES", "0",
                "ZENITH_BREAKER_WINDOW", "1",
                "ZENITH_BREAKER_MIN_CALLS", "1"));
    for (int i = 0; i < 2; i++) {
      try {
        z.call("balance-manager").get("/balance", String.class);
      } catch (RuntimeException expected) {
        // connection refused, then the open breaker
      }
    }
    List<SpanData> spans = awaitSpans(2);
    assertThat(spans)
        .allSatisfy(s -> assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR));
    assertThat(attr(spans.get(1), SpanAttributes.BREAKER_STATE)).isEqualTo("OPEN");
    assertThat(attr(spans.get(1), "error.type"))
        .isEqualTo("com.zenith.functions.sdk.call.CircuitOpenException");
  }

  @Test
  void callerAndCalleeOverRealHttpShareOneTraceParentToChild() throws Exception {
    var callee = started(zenith(Map.of()).host().post("/update", r -> Map.of("balance", 1)));
    Zenith callerSdk = zenith(Map.of("BALANCE_MANAGER_URL", "http://127.0.0.1:" + callee.port()));
    var caller =
        started(
            callerSdk
                .host()
                .post(
                    "/transaction",
                    r -> callerSdk.call("balance-manager").post("/update", Map.of(), Map.class)));
    assertThat(post(caller, "/transaction", Map.of()).statusCode()).isEqualTo(200);

    List<SpanData> spans = awaitSpans(3);
    SpanData callerServer = named(spans, "POST /transaction");
    SpanData client = named(spans, "POST balance-manager");
    SpanData calleeServer = named(spans, "POST /update");
    assertThat(callerServer.getParentSpanContext().isValid()).isFalse();
    assertThat(client.getParentSpanId()).isEqualTo(callerServer.getSpanId());
    assertThat(calleeServer.getParentSpanId()).isEqualTo(client.getSpanId());
    assertThat(spans).extracting(SpanData::getTraceId).containsOnly(callerServer.getTraceId());
  }

  @Test
  void aPublishedEventCarriesTheProducerSpanAndItsConsumerJoinsTheTrace() throws Exception {
    List<CloudEvent> received = new CopyOnWriteArrayList<>();
    var subscriber =
        started(
            zenith(Map.of())
                .host()
                .onEvent(
                    e -> {
                      received.add(e);
                      return null;
                    }));
    // The subscriber stands in for the broker: the sink delivers straight to it.
    Zenith publisher = zenith(Map.of("K_SINK", "http://127.0.0.1:" + subscriber.port() + "/"));
    CloudEvent sent = publisher.events().publish("com.example.transaction.created", Map.of());

    List<SpanData> spans = awaitSpans(4);
    SpanData producer = named(spans, "CloudEvents Create com.example.transaction.created");
    SpanData client = named(spans, "POST event-sink");
    SpanData server = named(spans, "POST /");
    SpanData consumer = named(spans, "CloudEvents Process com.example.transaction.created");
    assertThat(producer.getKind()).isEqualTo(SpanKind.PRODUCER);
    assertThat(consumer.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(attr(producer, "cloudevents.event_id")).isEqualTo(sent.getId());
    String producerParent = traceparent(producer);
    assertThat(sent.getExtension("traceparent")).isEqualTo(producerParent);
    assertThat(received.getFirst().getExtension("traceparent")).isEqualTo(producerParent);
    assertThat(client.getParentSpanId()).isEqualTo(producer.getSpanId());
    assertThat(server.getParentSpanId()).isEqualTo(client.getSpanId());
    // The delivery is in the event's trace: processing nests under it, linked to the producer.
    assertThat(consumer.getParentSpanId()).isEqualTo(server.getSpanId());
    assertThat(consumer.getLinks())
        .extracting(l -> l.getSpanContext().getSpanId())
        .containsExactly(producer.getSpanId());
    assertThat(spans).extracting(SpanData::getTraceId).containsOnly(producer.getTraceId());
  }

  @Test
  void aDeliveryOutsideTheEventsTraceStillJoinsTheProducerThroughTheExtension() throws Exception {
    var subscriber = started(zenith(Map.of()).host().onEvent(e -> null));
    // A broker that keeps the event's extensions but starts a new trace for its delivery.
    var res =
        post(
            subscriber,
            "/",
            Map.of(
                "ce-specversion", "1.0",
                "ce-id", "e-1",
                "ce-source", "/test",
                "ce-type", "t.created",
                "ce-traceparent", PARENT,
                "Content-Type", "application/json"));
    assertThat(res.statusCode()).isEqualTo(202);
    List<SpanData> spans = awaitSpans(2);
    SpanData server = named(spans, "POST /");
    SpanData consumer = named(spans, "CloudEvents Process t.created");
    assertThat(server.getTraceId()).isNotEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(consumer.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(consumer.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(consumer.getLinks())
        .extracting(l -> l.getSpanContext().getSpanId())
        .containsExactly(server.getSpanId());
  }
}
