package com.zenith.functions.local.traces;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine's OTLP/HTTP receiver fed by the OpenTelemetry SDK's own exporters and encoders. */
class OtlpReceiverTest {
  private final SpanStore store = new SpanStore();
  private final HttpClient http =
      HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
  private OtlpReceiver receiver;

  @BeforeEach
  void start() throws Exception {
    receiver = OtlpReceiver.start(store, "127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  /** A server span with a failed client span under it, from service "payments". */
  private static void emit(SpanExporter exporter) {
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(
                        Resource.create(
                            Attributes.of(AttributeKey.stringKey("service.name"), "payments"))))
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build()) {
      Tracer tracer = provider.get("test");
      var server = tracer.spanBuilder("POST /transfer").setSpanKind(SpanKind.SERVER).startSpan();
      var client =
          tracer
              .spanBuilder("GET balance-manager")
              .setSpanKind(SpanKind.CLIENT)
              .setParent(Context.root().with(server))
              .setAttribute("http.response.status_code", 503L)
              .startSpan();
      client.setStatus(StatusCode.ERROR, "balance-manager is down");
      client.end();
      server.end();
      provider.forceFlush().join(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void protobufFromTheSdkExporterGzippedLandsInTheStoreParentLinked() {
    emit(
        OtlpHttpSpanExporter.builder()
            .setEndpoint(receiver.endpoint() + "/v1/traces")
            .setCompression("gzip")
            .build());

    List<SpanStore.Trace> traces = store.traces(Long.MIN_VALUE, "payments", 10);
    assertThat(traces).hasSize(1);
    assertLinked(traces.get(0));
  }

  @Test
  void jsonEncodedByTheSdkLandsInTheStoreWithHexIds() throws Exception {
    List<SpanData> sent = new java.util.ArrayList<>();
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    emit(
        new SpanExporter() {
          @Override
          public io.opentelemetry.sdk.common.CompletableResultCode export(
              java.util.Collection<SpanData> spans) {
            sent.addAll(spans);
            return memory.export(spans);
          }

          @Override
          public io.opentelemetry.sdk.common.CompletableResultCode flush() {
            return memory.flush();
          }

          @Override
          public io.opentelemetry.sdk.common.CompletableResultCode shutdown() {
            return memory.shutdown();
          }
        });
    assertThat(sent).hasSize(2);
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    TraceRequestMarshaler.create(sent).writeJsonTo(json);

    HttpResponse<String> res = post("application/json", json.toByteArray());

    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.body()).isEqualTo("{}");
    List<SpanStore.Trace> traces = store.traces(Long.MIN_VALUE, null, 10);
    assertThat(traces).hasSize(1);
    assertThat(traces.get(0).traceId()).isEqualTo(sent.get(0).getTraceId());
    assertThat(traces.get(0).spans())
        .extracting(SpanRecord::spanId)
        .containsExactlyInAnyOrderElementsOf(sent.stream().map(SpanData::getSpanId).toList());
    assertLinked(traces.get(0));
  }

  private static void assertLinked(SpanStore.Trace trace) {
    SpanRecord server =
        trace.spans().stream().filter(s -> s.kind().equals("SERVER")).findFirst().orElseThrow();
    SpanRecord client =
        trace.spans().stream().filter(s -> s.kind().equals("CLIENT")).findFirst().orElseThrow();
    assertThat(server.parentSpanId()).isNull();
    assertThat(server.service()).isEqualTo("payments");
    assertThat(server.name()).isEqualTo("POST /transfer");
    assertThat(client.parentSpanId()).isEqualTo(server.spanId());
    assertThat(client.traceId()).isEqualTo(server.traceId()).hasSize(32);
    assertThat(client.status()).isEqualTo("ERROR");
    assertThat(client.statusMessage()).isEqualTo("balance-manager is down");
    assertThat(client.attributes()).containsEntry("http.response.status_code", "503");
    assertThat(trace.failed()).isTrue();
    assertThat(client.durationNanos()).isNotNegative();
    assertThat(client.source()).isEqualTo("otlp");
  }

  @Test
  void badBodiesAndTypesAreRefusedWithWhy() throws Exception {
    var garbage = post("application/x-protobuf", new byte[] {(byte) 0xff, 0x01, 0x02});
    var notJson = post("application/json", "{\"resourceSpans\": [".getBytes());
    var badId =
        post(
            "application/json",
            "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"zz\"}]}]}]}"
                .getBytes());
    var text = post("text/plain", "hello".getBytes());

    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(garbage.body()).contains("not an OTLP ExportTraceServiceRequest");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(badId.statusCode()).isEqualTo(400);
    assertThat(badId.body()).contains("not hex");
    assertThat(text.statusCode()).isEqualTo(415);
    assertThat(store.size()).isZero();
  }

  private HttpResponse<String> post(String type, byte[] body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(receiver.endpoint() + "/v1/traces"))
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
